import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { linkOrCopy } from './link-or-copy';

describe('linkOrCopy', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-link-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const crossDevice = () => Promise.reject(Object.assign(new Error('cross-device link'), { code: 'EXDEV' }));

  it('copies the bytes when the target is on another file system', async () => {
    await fs.writeFile(path.join(dir, 'a'), 'bytes');
    await linkOrCopy(path.join(dir, 'a'), path.join(dir, 'b'), crossDevice);
    const [a, b] = await Promise.all([fs.stat(path.join(dir, 'a')), fs.stat(path.join(dir, 'b'))]);
    expect(b.ino).not.toBe(a.ino);
    expect(await fs.readFile(path.join(dir, 'b'), 'utf8')).toBe('bytes');
  });

  it('fails as link fails for anything else (a missing source stays an ENOENT)', async () => {
    await expect(linkOrCopy(path.join(dir, 'missing'), path.join(dir, 'b'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
