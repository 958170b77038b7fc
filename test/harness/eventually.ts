export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Check = () => boolean | Promise<boolean>;

async function poll(check: Check, timeoutMs: number, intervalMs: number): Promise<{ held: boolean; lastError?: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return { held: true };
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) return { held: false, lastError };
    await sleep(intervalMs);
  }
}

/**
 * Polls `check` every `intervalMs` until it holds; false once `timeoutMs` has passed. A check that throws
 * counts as not holding yet (a service still starting refuses connections).
 */
export async function waitUntil(check: Check, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  return (await poll(check, timeoutMs, intervalMs)).held;
}

/** Like waitUntil, but fails when the time runs out, with the check's last error if it threw. */
export async function eventually(check: Check, timeoutMs = 15_000, failure = 'condition not reached in time'): Promise<void> {
  const { held, lastError } = await poll(check, timeoutMs, 200);
  if (!held) throw lastError ?? new Error(`${failure} (waited ${timeoutMs} ms)`);
}
