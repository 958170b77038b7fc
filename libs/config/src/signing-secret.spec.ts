import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { ConfigError } from './config-error';
import { resolveSigningSecret, SIGNING_SECRET_FILE } from './signing-secret';

const run = promisify(execFile);
// The built module, so that separate processes can race to create the file.
const BUILT = path.join(__dirname, '..', '..', '..', 'dist', 'libs', 'config', 'src', 'signing-secret.js');

describe('resolveSigningSecret', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'signing-secret-'))));
  afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

  it('creates a random 32-byte secret once in DATA_DIR (mode 0600) and reads it from then on', async () => {
    const folder = path.join(dataDir, 'not-yet-there');
    const secret = resolveSigningSecret({}, folder);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(folder, SIGNING_SECRET_FILE);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(resolveSigningSecret({}, folder)).toBe(secret);
    expect(resolveSigningSecret({}, dataDir)).not.toBe(secret);
    expect(await fs.readdir(folder)).toEqual([SIGNING_SECRET_FILE]);
  });

  it('takes SIGNING_SECRET when set, and refuses to run in production without it', () => {
    expect(resolveSigningSecret({ SIGNING_SECRET: 's3cret' }, dataDir)).toBe('s3cret');
    expect(() => resolveSigningSecret({ NODE_ENV: 'production' }, dataDir)).toThrow(ConfigError);
    expect(() => resolveSigningSecret({ NODE_ENV: 'production' }, dataDir)).toThrow(/SIGNING_SECRET must be set when NODE_ENV=production/);
  });

  it('gives every one of 12 processes starting at once the same secret', async () => {
    // Each process waits for one common start time, so that they really do reach the file together.
    const startAt = Date.now() + 2000;
    const script = `while (Date.now() < ${startAt}); process.stdout.write(require(${JSON.stringify(BUILT)}).resolveSigningSecret({}, ${JSON.stringify(dataDir)}))`;
    const outputs = await Promise.all(Array.from({ length: 12 }, () => run(process.execPath, ['-e', script])));
    const secrets = new Set(outputs.map((output) => output.stdout));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toBe(resolveSigningSecret({}, dataDir));
    expect(await fs.readdir(dataDir)).toEqual([SIGNING_SECRET_FILE]);
  });
});
