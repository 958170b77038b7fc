import { ChildProcess, spawn } from 'child_process';
// Relative, not @app/redis: Jest's globalSetup does not apply moduleNameMapper.
import { redisAnswers } from '../../libs/redis/src/redis-answers';
import { freePort } from './free-port';

export interface TestRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A private redis-server on a free port (or the given one, to restart it), nothing kept on disk. */
export async function startRedis(port?: number): Promise<TestRedis> {
  const actualPort = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(actualPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${actualPort}`;
  for (let i = 0; i < 100; i++) {
    if (await redisAnswers(url, 300)) {
      return {
        url,
        port: actualPort,
        process: child,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${actualPort}`);
}
