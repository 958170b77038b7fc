import { FetchError, FetchFailureKind } from '../fetch-error';

/** Awaits a promise expected to reject with a FetchError and returns that error. */
export async function fetchFailure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw new Error(`Expected a FetchError, got: ${String(err)}`);
  }
  throw new Error('Expected the fetch to fail, but it succeeded');
}

export async function expectFetchFailure(
  promise: Promise<unknown>,
  kind: FetchFailureKind,
  message?: string | RegExp,
): Promise<FetchError> {
  const err = await fetchFailure(promise);
  const messageOk = message === undefined || (typeof message === 'string' ? err.message === message : message.test(err.message));
  if (err.kind !== kind || !messageOk) {
    throw new Error(`Expected ${kind} "${String(message ?? '*')}", got ${err.kind} "${err.message}"`);
  }
  return err;
}
