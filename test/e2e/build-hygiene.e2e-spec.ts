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

describe('the Node.js versions', () => {
  const read = (file: string) => fs.readFile(path.join(root, file), 'utf8');
  const parts = (version: string) => version.split('.').map(Number);

  it('CI tests the major the images run, at a version package.json allows', async () => {
    const imageMajors = [...(await read('Dockerfile')).matchAll(/^FROM node:(\d+)\b/gm)].map(([, major]) => Number(major));
    const pinned = /^NODE24_VERSION=(\d+\.\d+\.\d+)$/m.exec(await read('.ci/run'))?.[1] ?? 'missing';
    const engines: string = JSON.parse(await read('package.json')).engines.node;
    const minimums = engines.split('||').map((range) => /^\s*\^(\d+\.\d+\.\d+)\s*$/.exec(range)?.[1] ?? `not a caret range: ${range}`);

    const [major, minor, patch] = parts(pinned);
    expect(new Set(imageMajors)).toEqual(new Set([major]));
    const minimum = minimums.find((version) => parts(version)[0] === major) ?? `no range for Node ${major}`;
    const [, minMinor, minPatch] = parts(minimum);
    expect([pinned, minor > minMinor || (minor === minMinor && patch >= minPatch)]).toEqual([pinned, true]);
    expect(minimums.filter((version) => version.startsWith('n'))).toEqual([]);
  });
});
