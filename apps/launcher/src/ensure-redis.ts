import { ChildProcess, spawn } from 'child_process';
import { mkdirSync } from 'fs';
import { clusterNodesOf, redisAnswers } from '@app/redis';
import * as path from 'path';

export class RedisUnavailableError extends Error {}

/** A redis-server this launcher started: its first process, and how to start another on the same port and data. */
export interface PrivateRedis {
  first: ChildProcess;
  spawn(): ChildProcess;
}

/**
 * Uses the Redis at `url` if it answers; otherwise, for a local URL, starts a private redis-server
 * from PATH under `dataDir` (AOF on, no eviction, as BullMQ needs).
 */
export async function ensureRedis(url: string, dataDir: string): Promise<PrivateRedis | undefined> {
  if (await redisAnswers(url)) return undefined;
  if (clusterNodesOf(url)) {
    throw new RedisUnavailableError(`The Redis Cluster at ${url.replace(/^redis\+cluster:\/\//, '')} does not answer. Start it or point REDIS_CLUSTER_NODES at one that does.`);
  }
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname)) {
    throw new RedisUnavailableError(`Redis at ${parsed.host} does not answer. Start it or point REDIS_URL at one that does.`);
  }
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  const args = ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
  // Detached: a Ctrl-C in the terminal must not stop Redis before the apps have finished with it.
  const start = () => spawn('redis-server', args, { stdio: 'ignore', detached: true });
  const child = start();
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  for (let i = 0; i < 50; i++) {
    const failed = await Promise.race([spawnError, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    if (failed) {
      throw new RedisUnavailableError(
        `Redis does not answer at ${url} and redis-server could not be started (${(failed as NodeJS.ErrnoException).code}). ` +
          'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
      );
    }
    if (await redisAnswers(url, 300)) return { first: child, spawn: start };
  }
  child.kill();
  throw new RedisUnavailableError(`redis-server was started on port ${port} but does not answer.`);
}
