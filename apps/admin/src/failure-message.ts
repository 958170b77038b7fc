import { ApiError } from '@app/errors';
import { ConfigError } from '@app/config';
import { UsageError, USAGE } from './cli-args';

/** One line for stderr that says what went wrong, never a stack trace. */
export function failureMessage(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}. Usage: npm run admin -- ${USAGE}`;
  if (error instanceof ApiError) {
    const fields = error.extras.errors as Record<string, string[]> | undefined;
    if (!fields) return error.message;
    const details = Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(', ')}`);
    return `${error.message}: ${details.join('; ')}`;
  }
  if (error instanceof ConfigError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `failed: ${message.split('\n')[0]}`;
}
