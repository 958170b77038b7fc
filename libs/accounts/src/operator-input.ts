import { isPlanName, PLANS } from '@app/config';
import type { AgentPolicy, KeyAbility } from '@app/db';
import { FieldErrors, validationError } from '@app/errors';
import { ALL_ABILITIES } from './keys.service';

/** What an operator may change on an account (admin API PATCH, `admin account set`). */
export interface AccountChangeRequest {
  plan?: string;
  agentPolicy?: AgentPolicy;
  verified?: true;
}

export interface OperatorKeyRequest {
  name: string;
  abilities: KeyAbility[];
}

const POLICIES: readonly AgentPolicy[] = ['open', 'closed'];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const add = (errors: FieldErrors, field: string, message: string) => (errors[field] ??= []).push(message);
const throwIfAny = (errors: FieldErrors) => {
  if (Object.keys(errors).length) throw validationError(errors);
};
const hasNul = (value: string) => value.includes('\u0000');

/** `{plan?, agent_policy?, verified?: true}`; anything else → 422 validation_error per field. */
export function parseAccountChanges(body: unknown): AccountChangeRequest {
  const errors: FieldErrors = {};
  const input = isObject(body) ? body : {};
  if (body !== undefined && body !== null && !isObject(body)) add(errors, 'body', 'Must be a JSON object');
  const changes: AccountChangeRequest = {};
  if (input.plan !== undefined) {
    if (isPlanName(input.plan)) changes.plan = input.plan;
    else add(errors, 'plan', `Must be one of: ${Object.keys(PLANS).join(', ')}`);
  }
  if (input.agent_policy !== undefined) {
    if (POLICIES.includes(input.agent_policy as AgentPolicy)) changes.agentPolicy = input.agent_policy as AgentPolicy;
    else add(errors, 'agent_policy', `Must be one of: ${POLICIES.join(', ')}`);
  }
  if (input.verified !== undefined) {
    // Verification is one-way: an operator can confirm an email, not take the confirmation back.
    if (input.verified === true) changes.verified = true;
    else add(errors, 'verified', 'Must be true');
  }
  throwIfAny(errors);
  return changes;
}

/** `{name?="Default", abilities?: ["read"] | ["write"] | ["read","write"]}`. */
export function parseOperatorKeyRequest(body: unknown): OperatorKeyRequest {
  const errors: FieldErrors = {};
  const input = isObject(body) ? body : {};
  if (body !== undefined && body !== null && !isObject(body)) add(errors, 'body', 'Must be a JSON object');
  let name = 'Default';
  if (input.name !== undefined && input.name !== null) {
    if (typeof input.name !== 'string' || !input.name.trim()) add(errors, 'name', 'Must be a non-empty string');
    else if (hasNul(input.name)) add(errors, 'name', 'Must not contain NUL characters');
    else if (input.name.trim().length > 100) add(errors, 'name', 'Must be at most 100 characters');
    else name = input.name.trim();
  }
  let abilities = [...ALL_ABILITIES];
  if (input.abilities !== undefined) {
    const given = input.abilities;
    const valid =
      Array.isArray(given) && given.length > 0 && given.every((a) => ALL_ABILITIES.includes(a as KeyAbility)) && new Set(given).size === given.length;
    if (valid) abilities = ALL_ABILITIES.filter((ability) => given.includes(ability));
    else add(errors, 'abilities', 'Must be a non-empty list of: read, write');
  }
  throwIfAny(errors);
  return { name, abilities };
}
