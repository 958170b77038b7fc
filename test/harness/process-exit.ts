import type { ChildProcess } from 'child_process';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the call of signalAndWait until the exit. */
  ms: number;
}

/** Sends `signal` and resolves with how the process ended; SIGKILLs it (and says so) after `limitMs`. */
export function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, limitMs: number): Promise<ProcessExit & { killed: boolean }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let killed = false;
    const limit = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.once('exit', (code, exitSignal) => {
      clearTimeout(limit);
      resolve({ code, signal: exitSignal, ms: Date.now() - started, killed });
    });
    child.kill(signal);
  });
}

/** Resolves once `read()` matches `pattern` (polling), or rejects after `ms`. */
export async function waitForOutput(read: () => string, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the output within ${ms} ms:\n${read().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
