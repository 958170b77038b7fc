import { execFile } from 'child_process';
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
