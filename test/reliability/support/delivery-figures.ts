import { isDocumentedError } from './documented-error';
import type { UploadOutcome } from './upload-stream';

/** Outcomes that are neither delivered nor a documented JSON error: what an outage must never produce. */
export function undocumented(outcomes: UploadOutcome[]): UploadOutcome[] {
  return outcomes.filter((o) => !o.delivered && !(typeof o.status === 'number' && isDocumentedError(o.status, o.body)));
}

/** Milliseconds from `since` until the first upload sent after it that was delivered (-1: none). */
export function recoveryMs(outcomes: UploadOutcome[], since: number): number {
  const first = outcomes.filter((o) => o.startedAt >= since && o.status === 201).sort((a, b) => a.startedAt - b.startedAt)[0];
  return first ? first.startedAt + first.ms - since : -1;
}
