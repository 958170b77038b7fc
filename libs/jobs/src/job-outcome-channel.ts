/**
 * A job's final outcome, announced by the worker on a pub/sub channel of that job only, so a gateway
 * hears about the jobs it waits for and nothing else (a QueueEvents stream would make every gateway
 * read every event of every job). Fire and forget: a waiter that misses it reads the job's state.
 */
export type JobOutcomeMessage = { result: unknown } | { reason: string };

export function jobOutcomeChannel(queuePrefix: string, queueName: string, jobId: string): string {
  return `${queuePrefix}:${queueName}:outcome:${jobId}`;
}

/** A job that returned nothing is sent as `result: null` (JSON would drop an undefined one), as BullMQ stores it. */
export const encodeJobOutcome = (outcome: JobOutcomeMessage): string => JSON.stringify('result' in outcome ? { result: outcome.result ?? null } : outcome);

/** The outcome a message carries, or undefined for anything else (never throws). */
export function decodeJobOutcome(message: string): JobOutcomeMessage | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    if ('result' in parsed) return { result: parsed.result };
    if ('reason' in parsed && typeof parsed.reason === 'string') return { reason: parsed.reason };
  } catch {
    // not ours
  }
  return undefined;
}
