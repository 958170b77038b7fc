import { isValidEmail, normaliseEmail } from '@app/accounts';
import { FieldErrorCollector, hasNulCharacter, isPlainObject, NUL_MESSAGE } from '../common/validation';

// The OpenAPI schema (openapi/account-schemas.ts) states these too.
export const DEFAULT_KEY_NAME = 'Default';
export const MAX_KEY_NAME_LENGTH = 100;

export interface CreateKeyInput {
  email: string;
  name: string;
}

/** The body of `POST /v1/keys`: `{email, name?="Default"}`. */
export function parseCreateKeyInput(body: unknown): CreateKeyInput {
  const errors = new FieldErrorCollector();
  const input = isPlainObject(body) ? body : {};
  const email = typeof input.email === 'string' ? normaliseEmail(input.email) : '';
  if (!email) errors.add('email', 'Email is required');
  else if (hasNulCharacter(email)) errors.add('email', NUL_MESSAGE);
  else if (!isValidEmail(email)) errors.add('email', 'Must be a valid email address');
  let name = DEFAULT_KEY_NAME;
  if (input.name !== undefined && input.name !== null) {
    if (typeof input.name !== 'string' || !input.name.trim()) errors.add('name', 'Must be a non-empty string');
    else if (hasNulCharacter(input.name)) errors.add('name', NUL_MESSAGE);
    else if (input.name.trim().length > MAX_KEY_NAME_LENGTH) errors.add('name', `Must be at most ${MAX_KEY_NAME_LENGTH} characters`);
    else name = input.name.trim();
  }
  errors.throwIfAny();
  return { email, name };
}
