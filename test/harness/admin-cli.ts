import { execFile, spawn } from 'child_process';
import * as path from 'path';

const ADMIN_CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'admin', 'src', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON (throws when it is not). */
  json(): any;
}

/** Runs the compiled admin CLI (`npm run admin -- …`) as a child process with exactly these settings. */
export function runAdminCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    execFile(process.execPath, [ADMIN_CLI, ...args], { env: { ...inherited, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
}

/** The same CLI left running, for a test that interrupts it: its stderr so far, and a way to kill it. */
export function spawnAdminCli(args: string[], env: Record<string, string>): { stderr: () => string; kill: () => Promise<void> } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [ADMIN_CLI, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    stderr: () => stderr,
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
