import type { Request } from 'express';
import { FieldErrors, validationError } from '@app/errors';

/** Collects per-field messages; `throwIfAny` answers 422 validation_error with all of them at once. */
export class FieldErrorCollector {
  private readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** The messages collected so far, per field. */
  get fields(): FieldErrors {
    return this.errors;
  }

  get isEmpty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw validationError(this.errors);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const NUL_MESSAGE = 'Must not contain NUL characters';
/** The same rule as an OpenAPI pattern, for the document's text fields. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/** PostgreSQL text cannot hold U+0000: such input is a field error, not a database fault. */
export function hasNulCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(hasNulCharacter);
}

/** A JSON request's body as an object; a body of another type or shape is a field error of `body`. */
export function jsonObjectBody(body: unknown, req: Request, errors: FieldErrorCollector): Record<string, unknown> {
  if (!req.is('application/json')) errors.add('body', 'Request must be application/json');
  else if (!isPlainObject(body)) errors.add('body', 'Must be a JSON object');
  return isPlainObject(body) ? body : {};
}
