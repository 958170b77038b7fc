import { isDatabaseUnreachable } from '@app/db';
import { isStorageUnreachable } from '@app/storage';

/**
 * One line naming the dependency that could not be reached and why, or null for any other error. Storage
 * is asked first: its network errors carry the same codes that also mean the database went away.
 */
export function describeUnreachableDependency(error: unknown): string | null {
  const cause = error instanceof Error ? error.message : String(error);
  if (isStorageUnreachable(error)) return `storage unreachable: ${cause}`;
  if (isDatabaseUnreachable(error)) return `database unreachable: ${cause}`;
  return null;
}
