import { fork } from 'child_process';
import * as path from 'path';

const DIST = path.join(__dirname, '..', '..', 'dist', 'apps');

/** Runs an app's real entry point and collects what it prints before it exits. */
function runUntilExit(app: 'gateway' | 'worker', env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = fork(path.join(DIST, app, 'src', 'main.js'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe.each(['gateway', 'worker'] as const)('the %s with a bad setting', (app) => {
  it('exits 1 with the setting named and no stack trace', async () => {
    const { code, stderr } = await runUntilExit(app, { WORKER_CONCURRENCY: 'lots' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`${app} failed to start: WORKER_CONCURRENCY must be an integer >= 1, got "lots"`);
  });

  it('refuses to run in production on the dev signing secret', async () => {
    const { code, stderr } = await runUntilExit(app, { NODE_ENV: 'production', SIGNING_SECRET: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SIGNING_SECRET must be set when NODE_ENV=production/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
