import { Injectable } from '@nestjs/common';
import { AccountEntity, AccountsRepository, AgentPolicy, KeyAbility, SessionsRepository } from '@app/db';
import { notFound, validationError } from '@app/errors';
import { AccountWrites } from './account-writes';
import { normaliseEmail, isValidEmail } from './email-address';
import { KeySummary } from './key-summary';
import { KeysService } from './keys.service';
import { parseAccountChanges, parseOperatorKeyRequest } from './operator-input';
import { UsageReport, UsageService } from './usage.service';

export interface AccountView {
  email: string;
  verified: boolean;
  plan: string;
  agent_policy: AgentPolicy;
  usage: UsageReport;
  keys: KeySummary[];
}

export interface OperatorKey {
  key: string;
  key_id: string;
  name: string;
  abilities: KeyAbility[];
  status: 'active';
}

/** The operators' account operations, shared by the admin API and the admin CLI. Bodies are validated here. */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly accountWrites: AccountWrites,
    private readonly keys: KeysService,
    private readonly usage: UsageService,
    private readonly sessions: SessionsRepository,
  ) {}

  async show(email: string): Promise<AccountView> {
    return this.view(await this.existing(email));
  }

  async update(email: string, body: unknown): Promise<AccountView> {
    const changes = parseAccountChanges(body);
    const account = await this.existing(email);
    await this.accountWrites.update(account.id, { plan: changes.plan, agentPolicy: changes.agentPolicy });
    // The verify link's own statement: the same effects (implicit expiries cleared, key cap lifted).
    if (changes.verified) await this.accountWrites.markVerified(account.id);
    return this.show(account.email);
  }

  /** Creates the account when it does not exist yet. */
  async createKey(email: string, body: unknown): Promise<OperatorKey> {
    const request = parseOperatorKeyRequest(body);
    const address = normaliseEmail(email);
    if (!isValidEmail(address)) throw validationError({ email: ['Must be a valid email address'] });
    const { secret, key } = await this.keys.issueByOperator({ email: address, ...request });
    return { key: secret, key_id: key.id, name: key.name, abilities: key.abilities, status: 'active' };
  }

  async revokeKey(keyId: string): Promise<{ success: true; key_id: string }> {
    await this.keys.revoke(keyId);
    return { success: true, key_id: keyId };
  }

  /** Ends every dashboard session of the account (a lost device, a shared computer). */
  async signOut(email: string): Promise<{ success: true; email: string; sessions_ended: number }> {
    const account = await this.existing(email);
    return { success: true, email: account.email, sessions_ended: await this.sessions.endAll(account.id) };
  }

  private async existing(email: string): Promise<AccountEntity> {
    const account = await this.accounts.findByEmail(normaliseEmail(email));
    if (!account) throw notFound('Account not found');
    return account;
  }

  private async view(account: AccountEntity): Promise<AccountView> {
    const [usage, keys] = await Promise.all([this.usage.report(account), this.keys.list(account.id)]);
    return { email: account.email, verified: account.verified, plan: account.plan, agent_policy: account.agentPolicy, usage, keys };
  }
}
