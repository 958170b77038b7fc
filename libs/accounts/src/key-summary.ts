import type { ApiKeyEntity, KeyAbility } from '@app/db';

/** A key as its owner and operators see it: never the secret or its hash. */
export interface KeySummary {
  key_id: string;
  name: string;
  abilities: KeyAbility[];
  status: 'active' | 'pending' | 'revoked';
  created_at: number;
  last_used_at: number | null;
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function summariseKey(key: ApiKeyEntity): KeySummary {
  return {
    key_id: key.id,
    name: key.name,
    abilities: key.abilities,
    status: key.revokedAt ? 'revoked' : key.status,
    created_at: unixSeconds(key.createdAt),
    last_used_at: key.lastUsedAt ? unixSeconds(key.lastUsedAt) : null,
  };
}
