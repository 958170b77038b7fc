/** The API's media object (SPEC §3): what GET /v1/media/{id} answers and what a webhook event's data.media carries. */
import type { AppConfig } from '@app/config';
import type { MediaEntity } from '@app/db';

export interface MediaObject {
  id: string;
  name: string;
  url: string;
  src: string;
  width: number | null;
  height: number | null;
  filesize: number | null;
  format: string | null;
  tags: string[];
  namespace: string | null;
  public: boolean;
  date: string | null;
  description: string | null;
  expires_at: number | null;
  created_at: number;
  sha256: string | null;
  thumbhash: string | null;
  dominant_color: string | null;
  status?: 'processing';
  upgrade?: { type: 'register'; url: string; message: string; label: string };
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The short path segment in front of `{id}.{ext}` on the delivery host: a stable shard of the id. */
export function srcSegment(mediaId: string): string {
  return mediaId.slice(0, 2);
}

export function srcUrl(config: Pick<AppConfig, 'srcBaseUrl'>, mediaId: string, ext: string): string {
  return `${config.srcBaseUrl}/${srcSegment(mediaId)}/${mediaId}.${ext}`;
}

export function presentMedia(media: MediaEntity, config: Pick<AppConfig, 'srcBaseUrl' | 'webBaseUrl'>): MediaObject {
  const object: MediaObject = {
    id: media.id,
    name: media.name,
    url: `${config.webBaseUrl}/${media.id}`,
    src: srcUrl(config, media.id, media.ext ?? 'jpg'),
    width: media.width ?? null,
    height: media.height ?? null,
    filesize: media.filesize ?? null,
    format: media.format ?? null,
    tags: media.tags,
    namespace: media.namespace,
    public: media.isPublic,
    date: media.date ? media.date.toISOString() : null,
    description: media.description,
    expires_at: media.expiresAt ? unixSeconds(media.expiresAt) : null,
    created_at: unixSeconds(media.createdAt),
    sha256: media.sha256 ?? null,
    thumbhash: media.thumbhash ?? null,
    dominant_color: media.dominantColor ?? null,
  };
  if (media.status === 'processing') object.status = 'processing';
  if (media.accountId === null) {
    object.upgrade = {
      type: 'register',
      url: `${config.webBaseUrl}/api/quick-start`,
      message: 'Get an API key for permanent storage and 100 uploads/month',
      label: 'Create API Key',
    };
  }
  return object;
}
