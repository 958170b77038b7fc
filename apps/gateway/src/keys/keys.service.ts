import { Injectable } from '@nestjs/common';
import { planFor, UNVERIFIED_RETENTION_DAYS } from '@app/config';
import { AccountsRepository } from '@app/db';
import { FieldErrorCollector, hasNulCharacter, isPlainObject, NUL_MESSAGE } from '../common/validation';
import { generateKeyId, generateKeySecret, hashKeySecret } from '../auth/key-secrets';

const EMAIL_PATTERN = /^[^\s@<>()\[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const UNIQUE_VIOLATION = '23505';

export interface CreateKeyInput {
  email: string;
  name: string;
}

export interface CreatedKey {
  key: string;
  key_id: string;
  status: 'active';
  verified: boolean;
  limits: { uploads: number; storage_mb: number; retention_days: number | null };
  message: string;
}

export function parseCreateKeyInput(body: unknown): CreateKeyInput {
  const errors = new FieldErrorCollector();
  const input = isPlainObject(body) ? body : {};
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  if (!email) errors.add('email', 'Email is required');
  else if (hasNulCharacter(email)) errors.add('email', NUL_MESSAGE);
  else if (email.length > 254 || !EMAIL_PATTERN.test(email)) errors.add('email', 'Must be a valid email address');
  let name = 'Default';
  if (input.name !== undefined && input.name !== null) {
    if (typeof input.name !== 'string' || !input.name.trim()) errors.add('name', 'Must be a non-empty string');
    else if (hasNulCharacter(input.name)) errors.add('name', NUL_MESSAGE);
    else if (input.name.trim().length > 100) errors.add('name', 'Must be at most 100 characters');
    else name = input.name.trim();
  }
  errors.throwIfAny();
  return { email, name };
}

@Injectable()
export class KeysService {
  constructor(private readonly accounts: AccountsRepository) {}

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    const secret = generateKeySecret();
    const { account, key } = await this.insertWithFreshId(input, secret);
    const plan = planFor(account.plan);
    return {
      key: secret,
      key_id: key.id,
      status: 'active',
      verified: account.verified,
      limits: { uploads: plan.uploadsPerMonth, storage_mb: plan.storageMb, retention_days: account.verified ? null : UNVERIFIED_RETENTION_DAYS },
      message: account.verified ? 'Key active.' : 'Key active. Check your email to verify and unlock permanent storage.',
    };
  }

  private async insertWithFreshId(input: CreateKeyInput, secret: string) {
    for (let attempt = 0; ; attempt++) {
      const id = generateKeyId();
      try {
        const created = await this.accounts.addKeyForEmail(input.email, {
          id,
          name: input.name,
          keyHash: hashKeySecret(secret),
          abilities: ['read', 'write'],
        });
        return created;
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw error;
      }
    }
  }
}
