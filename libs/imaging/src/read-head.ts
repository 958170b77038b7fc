import { open } from 'node:fs/promises';

export const SNIFF_BYTES = 4096;

/** The first `length` bytes of a file (fewer if the file is shorter). */
export async function readHead(path: string, length = SNIFF_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
