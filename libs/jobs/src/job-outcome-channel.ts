/**
 * A job's final outcome, announced by the worker to the gateways waiting on it and to no other (a QueueEvents
 * stream would make every gateway read every event of every job): on the inbox channel of the gateway process
 * that queued it when the job names one (`outcomeChannel` in its data: an upload or import whose request
 * waits), else on a channel of that job only (variant renders, which requests of any gateway may share).
 * Fire and forget: a waiter that misses it reads the job's state.
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

/** Where a gateway process hears the outcomes of the jobs it queued and waits on: one channel per process. */
export function gatewayOutcomeChannel(queuePrefix: string, gatewayId: string): string {
  return `${queuePrefix}:outcomes:${gatewayId}`;
}

/** A gateway inbox channel of this queue prefix (the only channels a job may name for its outcome). */
export const isGatewayOutcomeChannel = (queuePrefix: string, channel: unknown): channel is string =>
  typeof channel === 'string' && channel.startsWith(`${queuePrefix}:outcomes:`) && channel.length <= 200;

/** An outcome sent to a gateway's inbox names its job, which the inbox dispatches by. */
export type AddressedJobOutcome = { queue: string; jobId: string; outcome: JobOutcomeMessage };

export const encodeAddressedOutcome = ({ queue, jobId, outcome }: AddressedJobOutcome): string =>
  JSON.stringify({ queue, jobId, ...JSON.parse(encodeJobOutcome(outcome)) });

/** The addressed outcome a message carries, or undefined for anything else (never throws). */
export function decodeAddressedOutcome(message: string): AddressedJobOutcome | undefined {
  const outcome = decodeJobOutcome(message);
  if (!outcome) return undefined;
  const { queue, jobId } = JSON.parse(message) as { queue?: unknown; jobId?: unknown };
  if (typeof queue !== 'string' || typeof jobId !== 'string') return undefined;
  return { queue, jobId, outcome };
}
