import { spawn, spawnSync } from 'child_process';

export interface PromtoolResult {
  code: number | null;
  output: string;
}

/** Runs Prometheus's `promtool` (Debian package `prometheus`), feeding `stdin` if given. */
export function promtool(args: string[], stdin?: string): Promise<PromtoolResult> {
  if (spawnSync('promtool', ['--version'], { stdio: 'ignore' }).error) {
    throw new Error('promtool is not installed: install Debian\'s prometheus package (apt-get install -y prometheus); .ci/run does');
  }
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin ?? '');
  });
}
