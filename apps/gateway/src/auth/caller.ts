import type { AccountEntity, ApiKeyEntity, KeyAbility } from '@app/db';
import type { MediaReader } from '@app/media';

export interface AnonymousCaller {
  kind: 'anonymous';
  ip: string;
}

export interface KeyedCaller {
  kind: 'key';
  ip: string;
  key: ApiKeyEntity;
  account: AccountEntity;
}

export type Caller = AnonymousCaller | KeyedCaller;

export function hasAbility(caller: Caller, ability: KeyAbility): caller is KeyedCaller {
  return caller.kind === 'key' && caller.key.abilities.includes(ability);
}

/** Whose media a caller may read besides public ones: its account's, or none. */
export function mediaReaderOf(caller: Caller): MediaReader {
  return caller.kind === 'key' ? { accountId: caller.account.id } : null;
}
