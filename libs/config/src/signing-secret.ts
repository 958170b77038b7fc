import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './config-error';

export const SIGNING_SECRET_FILE = 'signing-secret';

/**
 * The HMAC secret of signed links: `SIGNING_SECRET`, or (outside production) a random 32-byte secret
 * created once in DATA_DIR and read by every later process of that folder. Never a built-in value:
 * a secret anyone can read in the source would let anyone sign a link.
 */
export function resolveSigningSecret(env: Record<string, string | undefined>, dataDir: string): string {
  if (env.SIGNING_SECRET) return env.SIGNING_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('SIGNING_SECRET must be set when NODE_ENV=production (without it each machine would sign with its own secret)');
  }
  return readOrCreateSecretFile(path.join(dataDir, SIGNING_SECRET_FILE));
}

/**
 * Processes starting together race to create the file: each writes a complete candidate beside it and
 * hard-links it into place, which fails for all but the first, so every one reads the same secret and none
 * ever reads half a file.
 */
function readOrCreateSecretFile(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const candidate = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(candidate, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  const created = readSecret(file);
  if (!created) throw new ConfigError(`${file} is empty: remove it (a new secret is created) or set SIGNING_SECRET`);
  return created;
}

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
