const ID_PATTERN = /^[a-z0-9]{8}$/;
const EXT_PATTERN = /^[a-z0-9]{2,5}$/;

function assertId(id: string): void {
  if (!ID_PATTERN.test(id)) throw new Error(`invalid media id for a storage key: ${JSON.stringify(id)}`);
}

function assertExt(ext: string): void {
  if (!EXT_PATTERN.test(ext)) throw new Error(`invalid extension for a storage key: ${JSON.stringify(ext)}`);
}

export function stagingKey(mediaId: string): string {
  assertId(mediaId);
  return `staging/${mediaId}`;
}

export function originalKey(mediaId: string, ext: string): string {
  assertId(mediaId);
  assertExt(ext);
  return `originals/${mediaId}.${ext}`;
}

export function variantKey(mediaId: string, size: string, ext: string): string {
  assertId(mediaId);
  assertExt(ext);
  if (!/^[a-z]{1,8}$/.test(size)) throw new Error(`invalid variant size: ${JSON.stringify(size)}`);
  return `variants/${mediaId}/${size}.${ext}`;
}

/** Every variant of a media lives under this prefix (listed to remove them all). */
export function variantPrefix(mediaId: string): string {
  assertId(mediaId);
  return `variants/${mediaId}/`;
}
