import { ApiError, ErrorCode, ERROR_CATALOGUE } from '@app/errors';

export interface BatchItemError {
  id: string;
  error: ErrorCode;
  message: string;
}

export interface BatchOutcome {
  ids: string[];
  errors: BatchItemError[];
}

/**
 * Runs `each` for every id, one after the other, each independent: a failure becomes that item's error
 * (an unexpected one as `fallback`) and never stops the batch.
 */
export async function runBatch(ids: string[], fallback: ErrorCode, each: (id: string) => Promise<void>): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { ids: [], errors: [] };
  for (const id of ids) {
    try {
      await each(id);
      outcome.ids.push(id);
    } catch (error) {
      const known = error instanceof ApiError ? error : null;
      outcome.errors.push({
        id,
        error: known ? known.code : fallback,
        message: known ? known.message : ERROR_CATALOGUE[fallback].message,
      });
    }
  }
  return outcome;
}
