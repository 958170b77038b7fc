import { ERROR_CATALOGUE, ErrorCode } from './error-catalogue';

/** Every `action.type` an error may carry (the Error Reference's list). */
export const ACTION_TYPES = ['upgrade', 'verify', 'wait', 'redirect'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface ErrorAction {
  type: ActionType;
  url?: string;
  label?: string;
  seconds?: number;
}

export interface UsageInfo {
  plan: string;
  uploads_used: number;
  uploads_limit: number;
  [extra: string]: unknown;
}

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  action?: ErrorAction;
  usage?: UsageInfo;
  errors?: Record<string, string[]>;
  [extra: string]: unknown;
}

export interface ApiErrorOptions {
  message?: string;
  status?: number;
  action?: ErrorAction;
  usage?: UsageInfo;
  extras?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error the API answers with as documented; anything else becomes internal_error. */
export class ApiError extends Error {
  readonly status: number;
  readonly action?: ErrorAction;
  readonly usage?: UsageInfo;
  readonly extras: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: ApiErrorOptions = {},
  ) {
    super(options.message ?? ERROR_CATALOGUE[code].message);
    this.status = options.status ?? ERROR_CATALOGUE[code].status;
    this.action = options.action;
    this.usage = options.usage;
    this.extras = options.extras ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: this.code, message: this.message, ...this.extras };
    if (this.action) body.action = this.action;
    if (this.usage) body.usage = this.usage;
    return body;
  }
}

export type FieldErrors = Record<string, string[]>;

export function validationError(errors: FieldErrors): ApiError {
  return new ApiError('validation_error', { extras: { errors } });
}

export const notFound = (message = 'Media not found') => new ApiError('not_found', { message });
export const unauthorized = () => new ApiError('unauthorized');
export const forbidden = () => new ApiError('forbidden');
/** A key requested for an existing account, until its owner approves it (SPEC §2). */
export const pendingKeyForbidden = () => new ApiError('forbidden', { message: "This API key is waiting for the account owner's approval." });
/** Seconds a client waits before repeating a request whose Idempotency-Key is still being answered. */
export const IDEMPOTENCY_WAIT_SECONDS = 2;
export const idempotencyKeyConflict = () => new ApiError('idempotency_key_conflict');
export const idempotencyKeyInProgress = () =>
  new ApiError('idempotency_key_in_progress', {
    action: { type: 'wait', seconds: IDEMPOTENCY_WAIT_SECONDS },
    headers: { 'Retry-After': String(IDEMPOTENCY_WAIT_SECONDS) },
  });
