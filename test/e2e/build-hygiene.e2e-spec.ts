import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

describe('the production build', () => {
  it('compiles apps and libs only: nothing from test/, bench/ or test helpers (the Dockerfile copies neither)', () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const files = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((file) => path.relative(root, file))
      .filter((file) => file && !file.startsWith('node_modules'));
    expect(files.some((file) => file.startsWith(path.join('apps', 'gateway')))).toBe(true);
    expect(files.filter((file) => /^(test|bench)\//.test(file) || /\/testing\/|\.spec\.ts$/.test(file))).toEqual([]);
  });

  it('is what the Dockerfile copies in', async () => {
    const dockerfile = await fs.readFile(path.join(root, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap(([, sources]) => sources.split(/\s+/));
    expect(copied).toEqual(expect.arrayContaining(['apps', 'libs', 'tsconfig.build.json']));
    expect(copied).not.toContain('bench');
    expect(copied).not.toContain('test');
  });
});
