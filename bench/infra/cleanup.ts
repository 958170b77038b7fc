import type { ChildProcess } from 'child_process';

type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
const children = new Set<ChildProcess>();
let ran = false;

/** Registers a clean-up step; steps run once, last registered first. */
export function onCleanup(name: string, run: () => Promise<void>): void {
  steps.push({ name, run });
}

/** Tracks a child so that even a hard exit of this process SIGKILLs it. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function runCleanup(): Promise<void> {
  if (ran) return;
  ran = true;
  while (steps.length) {
    const step = steps.pop()!;
    await step.run().catch((error) => process.stderr.write(`clean-up "${step.name}" failed: ${error}\n`));
  }
}

/** Stops a child with SIGTERM, then SIGKILL after graceMs. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Ctrl-C / SIGTERM run the clean-up; a synchronous exit still kills whatever is left. */
export function installCleanupHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}
