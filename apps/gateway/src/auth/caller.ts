import type { AccountEntity, ApiKeyEntity, KeyAbility } from '@app/db';

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
