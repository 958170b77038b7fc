import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { MAX_URL_LENGTH } from '@app/fetch';
import { NO_NUL_PATTERN } from '../common/validation';
import { DEFAULT_LIST_LIMIT, MAX_BATCH_IDS, MAX_LIST_LIMIT, MAX_TAGS, SHA256_PATTERN, TAG_MODES } from '@app/media';
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TTL_DAYS, MAX_TTL_SECONDS, MIN_TTL_SECONDS, NAMESPACE_PATTERN } from '../media/media-fields';

// Every limit below is the constant validation enforces, so the document cannot drift from it.
const TAGS_TEXT = `at most ${MAX_TAGS} tags of ≤${MAX_TAG_LENGTH} chars; trimmed, lowercased, de-duplicated`;
const TTL_TEXT = `Seconds (≥${MIN_TTL_SECONDS}) or ${MIN_TTL_SECONDS / 60}m…${MAX_TTL_DAYS}d`;
const NAMESPACE = { pattern: NAMESPACE_PATTERN.source };
const NAME = { maxLength: MAX_NAME_LENGTH, pattern: NO_NUL_PATTERN };
const DESCRIPTION = { maxLength: MAX_DESCRIPTION_LENGTH, pattern: NO_NUL_PATTERN };
/** JSON bodies (import, PATCH) take tags as a comma list or an array, as the API reads them. */
const TAGS_ARRAY = { type: 'array', items: { type: 'string', maxLength: MAX_TAG_LENGTH, pattern: NO_NUL_PATTERN }, maxItems: MAX_TAGS } as const;
const JSON_TAGS = { oneOf: [{ type: 'string', pattern: NO_NUL_PATTERN, description: 'Comma list' }, TAGS_ARRAY] };
const TEXT_BOOLEAN = ['true', 'false', '1', '0'];
const JSON_PUBLIC = { oneOf: [{ type: 'boolean' }, { type: 'string', enum: TEXT_BOOLEAN }, { type: 'integer', enum: [0, 1] }] };
/** Seconds or a duration, as text (the range then is only in the description: a pattern cannot count). */
const TTL_TEXT_PATTERN = '^\\s*(\\d{1,12}|\\d{1,9}[smhd])\\s*$';
const jsonTtl = (nullable: boolean) => ({
  anyOf: [
    { type: 'integer', minimum: MIN_TTL_SECONDS, maximum: MAX_TTL_SECONDS, nullable },
    { type: 'string', pattern: TTL_TEXT_PATTERN, nullable },
  ],
});
/** A comma list of at most MAX_BATCH_IDS entries (the API counts them after trimming and de-duplicating). */
const ID_LIST = { type: 'string', minLength: 1, pattern: `^[^,]*(,[^,]*){0,${MAX_BATCH_IDS - 1}}$` } as const;

export class UpgradeHintSchema {
  @ApiProperty({ enum: ['register'] }) type: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty() message: string;
  @ApiProperty() label: string;
}

export class MediaSchema {
  @ApiProperty({ pattern: '^[a-z0-9]{8}$', example: 'ab12cd34' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uri', description: 'Viewer page (WEB_BASE_URL/{id})' }) url: string;
  @ApiProperty({ format: 'uri', description: 'The image (SRC_BASE_URL/{seg}/{id}.{ext}); other extensions and ?size= give variants' }) src: string;
  @ApiProperty({ type: 'integer', nullable: true }) width: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) height: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Bytes' }) filesize: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'png' }) format: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, nullable: true }) namespace: string | null;
  @ApiProperty() public: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Unix seconds; null when permanent' }) expires_at: number | null;
  @ApiProperty({ type: 'integer', description: 'Unix seconds' }) created_at: number;
  @ApiProperty({ type: String, nullable: true, pattern: SHA256_PATTERN.source, description: 'Hex SHA-256 of the bytes as uploaded or fetched (null for media stored before it was recorded, until the backfill fills it, and for an import still processing)' }) sha256: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'byte', example: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG', description: 'Base64 ThumbHash of the image, to paint while it loads; null for SVG, and while unknown (still processing, or stored before placeholders until the backfill)' }) thumbhash: string | null;
  @ApiProperty({ type: String, nullable: true, pattern: '^#[0-9a-f]{6}$', example: '#8a6f4e', description: 'The colour most of the image is (#rrggbb); null when thumbhash is' }) dominant_color: string | null;
  @ApiPropertyOptional({ enum: ['processing'], description: 'Only while the image is still being processed (202)' }) status?: string;
  @ApiPropertyOptional({ type: UpgradeHintSchema, description: 'Anonymous uploads only' }) upgrade?: UpgradeHintSchema;
}

export class PaginationSchema {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' }) next_cursor: string | null;
  @ApiProperty() has_more: boolean;
}

export class MediaListSchema {
  @ApiProperty({ type: [MediaSchema] }) data: MediaSchema[];
  @ApiProperty({ type: PaginationSchema }) pagination: PaginationSchema;
}

export class BatchItemErrorSchema {
  @ApiProperty() id: string;
  @ApiProperty() error: string;
  @ApiProperty() message: string;
}

export class BatchUpdateSchema {
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: [String] }) ids: string[];
  @ApiProperty({ type: [BatchItemErrorSchema] }) errors: BatchItemErrorSchema[];
}

export class BatchDeleteSchema {
  @ApiProperty({ type: 'integer' }) deleted: number;
  @ApiProperty({ type: [String] }) ids: string[];
  @ApiProperty({ type: [BatchItemErrorSchema] }) errors: BatchItemErrorSchema[];
}

export class DeletedMediaSchema {
  @ApiProperty({ enum: [true] }) success: boolean;
  @ApiProperty() id: string;
}

const MEDIA_FIELDS_NOTE = 'Ignored for anonymous callers: tags, namespace, public (always true).';

/** Upload's optional multipart fields (text, as multipart carries them). */
export class MediaFieldsSchema {
  @ApiPropertyOptional({ pattern: NO_NUL_PATTERN, description: `Comma list, ${TAGS_TEXT}. ${MEDIA_FIELDS_NOTE}` }) tags?: string;
  @ApiPropertyOptional({ ...NAMESPACE }) namespace?: string;
  @ApiPropertyOptional({ enum: TEXT_BOOLEAN, default: 'true' }) public?: string;
  @ApiPropertyOptional({ pattern: TTL_TEXT_PATTERN, description: TTL_TEXT }) ttl?: string;
  @ApiPropertyOptional({ ...NAME, description: 'Overrides the file name' }) name?: string;
  @ApiPropertyOptional({ description: 'ISO date or date-time' }) date?: string;
  @ApiPropertyOptional({ ...DESCRIPTION }) description?: string;
}

export class UploadBodySchema extends MediaFieldsSchema {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, GIF, WebP, AVIF, HEIC/HEIF, SVG, BMP or ICO' }) file: unknown;
}

/** Import's JSON body: the same fields, in the JSON forms the API reads too. */
export class ImportBodySchema {
  @ApiProperty({ format: 'uri', maxLength: MAX_URL_LENGTH, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^/@]+(/.*)?$', description: 'Absolute http(s) URL of a public image, without credentials' }) url: string;
  @ApiPropertyOptional({ ...JSON_TAGS, description: `A comma list or an array: ${TAGS_TEXT}. ${MEDIA_FIELDS_NOTE}` }) tags?: string | string[];
  @ApiPropertyOptional({ ...NAMESPACE }) namespace?: string;
  @ApiPropertyOptional({ ...JSON_PUBLIC, default: true }) public?: boolean | string;
  @ApiPropertyOptional({ ...jsonTtl(false), description: TTL_TEXT }) ttl?: number | string;
  @ApiPropertyOptional({ ...NAME, description: 'Overrides the name taken from the URL' }) name?: string;
  @ApiPropertyOptional({ description: 'ISO date or date-time' }) date?: string;
  @ApiPropertyOptional({ ...DESCRIPTION }) description?: string;
}

export class MediaPatchSchema {
  @ApiPropertyOptional({ ...NAME }) name?: string;
  @ApiPropertyOptional({ ...JSON_TAGS, description: `A comma list or an array: ${TAGS_TEXT}; the count applies after tag_mode` })
  tags?: string | string[];
  @ApiPropertyOptional({ enum: TAG_MODES, default: 'replace' }) tag_mode?: string;
  @ApiPropertyOptional({ ...JSON_PUBLIC }) public?: boolean | string;
  @ApiPropertyOptional({ ...NAMESPACE, type: String, nullable: true, description: 'null clears it' }) namespace?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) date?: string | null;
  @ApiPropertyOptional({ ...DESCRIPTION, type: String, nullable: true }) description?: string | null;
  @ApiPropertyOptional({ ...jsonTtl(true), description: `${TTL_TEXT}; null = permanent (verified accounts only)` }) ttl?: number | string | null;
}

/** GET /v1/media's query string, as media-list-query.ts reads it. */
export function ApiMediaListQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT, default: DEFAULT_LIST_LIMIT } }),
    ApiQuery({ name: 'cursor', required: false, description: '`pagination.next_cursor` of the previous page' }),
    ApiQuery({ name: 'ids', required: false, schema: ID_LIST, description: `Comma list of at most ${MAX_BATCH_IDS} ids` }),
    ApiQuery({ name: 'tags', required: false, description: 'Comma list' }),
    ApiQuery({ name: 'tag_mode', required: false, enum: ['any', 'all'] }),
    ApiQuery({ name: 'namespace', required: false, schema: { type: 'string', ...NAMESPACE } }),
    ApiQuery({ name: 'sha256', required: false, schema: { type: 'string', pattern: SHA256_PATTERN.source }, description: 'Only media uploaded with exactly these bytes: their SHA-256, 64 lowercase hex digits' }),
  );
}

/** The `ids` of a batch PATCH or DELETE, as media-id-list.ts reads them. */
export function ApiBatchIds(): MethodDecorator {
  return ApiQuery({ name: 'ids', required: true, schema: ID_LIST, description: `Comma list of at most ${MAX_BATCH_IDS} media ids` });
}
