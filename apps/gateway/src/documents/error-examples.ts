import { anonymousRateLimited, keyCreationRateLimited, keyLimitReached, quotaExceeded, registrationClosed } from '@app/accounts';
import { AppConfig, planFor } from '@app/config';
import { ApiError, ERROR_CATALOGUE, ErrorBody, ErrorCode, fileTooLargeMessage, idempotencyKeyConflict, idempotencyKeyInProgress, pendingKeyForbidden } from '@app/errors';

export interface ErrorExample {
  summary: string;
  status: number;
  body: ErrorBody;
}

type ExampleConfig = Pick<AppConfig, 'webBaseUrl' | 'rateLimits' | 'keyedMaxBytes'>;

/** A made-up account: examples carry links signed with a throwaway secret, never the service's. */
const EXAMPLE_LINKS = (config: ExampleConfig) => ({ webBaseUrl: config.webBaseUrl, signingSecret: 'documentation-example' });
const EXAMPLE_ACCOUNT = 'acct_example';

const plain = (code: ErrorCode, summary: string, message?: string, status?: number): ErrorExample => {
  const error = new ApiError(code, { message, status });
  return { summary, status: error.status, body: error.toBody() };
};
const built = (summary: string, error: ApiError): ErrorExample => ({ summary, status: error.status, body: error.toBody() });

/**
 * Example answers of every error code, made by the same builders the service answers with, so the
 * documents show exactly what a client gets (actions, labels, extras).
 */
export function errorExamples(config: ExampleConfig): Record<ErrorCode, ErrorExample[]> {
  const links = EXAMPLE_LINKS(config);
  const free = planFor('free');
  const usage = { plan: free.name, uploads_used: free.uploadsPerMonth, uploads_limit: free.uploadsPerMonth };
  const hourly = config.rateLimits.anonymousHourly;
  return {
    unauthorized: [plain('unauthorized', 'Missing, unknown or revoked key')],
    forbidden: [plain('forbidden', 'The key lacks the ability, or the media is another account’s'), built('The key waits for its owner’s approval', pendingKeyForbidden())],
    quota_exceeded: [
      built('Verified account: upgrade', quotaExceeded(links, { id: EXAMPLE_ACCOUNT, verified: true, plan: 'free' }, 'uploads', usage)),
      built('Unverified account: verify', quotaExceeded(links, { id: EXAMPLE_ACCOUNT, verified: false, plan: 'free' }, 'uploads', usage)),
    ],
    registration_closed: [built('Agent policy is closed', registrationClosed(links))],
    key_limit_reached: [built('Unverified account with 3 active keys', keyLimitReached(links, EXAMPLE_ACCOUNT))],
    rate_limited: [
      built('Key creation: wait', keyCreationRateLimited(60)),
      built('Anonymous upload or import: redirect', anonymousRateLimited(config, 'hourly', hourly, 2520)),
    ],
    validation_error: [
      {
        summary: 'Bad input, per field',
        status: ERROR_CATALOGUE.validation_error.status,
        body: { error: 'validation_error', message: ERROR_CATALOGUE.validation_error.message, errors: { namespace: ['Must be lowercase alphanumeric with hyphens'], file: ['File is required'] } },
      },
    ],
    not_found: [plain('not_found', 'Unknown, deleted, expired, or private and not yours')],
    upload_failed: [plain('upload_failed', 'File too large', fileTooLargeMessage(150 * 1024 * 1024, config.keyedMaxBytes))],
    fetch_failed: [plain('fetch_failed', 'The source answered an error', 'URL returned 404'), plain('fetch_failed', 'The 30 s fetch limit passed', 'URL fetch timeout', 504)],
    import_failed: [plain('import_failed', 'Fetched, but not a usable image')],
    update_failed: [plain('update_failed', 'Storage or database fault')],
    delete_failed: [plain('delete_failed', 'Storage or database fault')],
    idempotency_key_conflict: [built('The key was used with a different request', idempotencyKeyConflict())],
    idempotency_key_in_progress: [built('The first request with this key is still being answered', idempotencyKeyInProgress())],
    internal_error: [plain('internal_error', 'Unexpected fault')],
  };
}
