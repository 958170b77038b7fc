import type { ChildProcess } from 'child_process';

type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
const children = new Set<ChildProcess>();
let running: Promise<void> | undefined;
let interrupted = false;

/** Registers a clean-up step; steps run once, last registered first. */
export function onCleanup(name: string, run: () => Promise<void>): void {
  steps.push({ name, run });
}

/** Tracks a child so that even a hard exit of this process SIGKILLs it. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/**
 * Runs every step registered so far, once; a caller during a run waits for the same run to finish.
 * Between suites it runs again for the steps registered since.
 */
export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length) {
      const step = steps.pop()!;
      await step.run().catch((error) => process.stderr.write(`clean-up "${step.name}" failed: ${error}\n`));
    }
  })().finally(() => (running = undefined));
  return running;
}

/** True once SIGINT/SIGTERM started the clean-up (errors after that are its consequence). */
export const wasInterrupted = (): boolean => interrupted;

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

/** Ctrl-C, SIGTERM and a crash run the clean-up; a synchronous exit still kills whatever is left. */
export function installCleanupHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.stderr.write(`\n${signal}: cleaning up\n`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.once(event, (error) => {
      process.stderr.write(`${event}: ${error instanceof Error ? error.stack : error}\n`);
      void runCleanup().finally(() => process.exit(1));
    });
  }
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}
