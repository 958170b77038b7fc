import type { AccountAdminService } from '@app/accounts';
import type { WebhookSecretReseal } from '@app/webhooks';
import type { AdminCommand } from './cli-args';

/** What the commands run on; the backfill is given as a function, since only it needs Redis. */
export interface CliServices {
  admin: AccountAdminService;
  webhooks: WebhookSecretReseal;
  backfill(concurrency: number): Promise<unknown>;
}

export function runCommand({ admin, webhooks, backfill }: CliServices, command: AdminCommand): Promise<unknown> {
  switch (command.kind) {
    case 'account-show':
      return admin.show(command.email);
    case 'account-set':
      return admin.update(command.email, command.changes);
    case 'account-sign-out':
      return admin.signOut(command.email);
    case 'key-create':
      return admin.createKey(command.email, command.request);
    case 'key-revoke':
      return admin.revokeKey(command.keyId);
    case 'webhooks-reseal':
      return webhooks.resealAll();
    case 'media-backfill':
      return backfill(command.concurrency);
  }
}
