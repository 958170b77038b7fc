import { ApiError } from './api-error';
import { ErrorCode, isErrorCode } from './error-catalogue';

/** How a worker failure travels through BullMQ's failedReason string and back to the gateway. */
export interface JobFailure {
  code: ErrorCode;
  status: number;
  message: string;
}

const PREFIX = 'imgpro-failure:';

export function encodeJobFailure(failure: JobFailure): string {
  return PREFIX + JSON.stringify(failure);
}

export function decodeJobFailure(reason: string | undefined | null): JobFailure | null {
  if (!reason || !reason.startsWith(PREFIX)) return null;
  try {
    const parsed = JSON.parse(reason.slice(PREFIX.length));
    if (isErrorCode(parsed.code) && Number.isInteger(parsed.status) && typeof parsed.message === 'string') {
      return { code: parsed.code, status: parsed.status, message: parsed.message };
    }
  } catch {
    // not ours: treated as an unknown failure by the caller
  }
  return null;
}

/** Maps a job's failure reason to the documented error; unknown reasons become `fallback` with its default message. */
export function jobFailureToApiError(reason: string | undefined | null, fallback: ErrorCode): ApiError {
  const failure = decodeJobFailure(reason);
  if (!failure) return new ApiError(fallback);
  return new ApiError(failure.code, { status: failure.status, message: failure.message });
}
