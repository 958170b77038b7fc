/**
 * `npm run admin -- …`: the operators' commands (SPEC §2) on the same services as the admin API, straight
 * on the database, so they work while the gateway is down (`media backfill` also queues worker jobs in Redis,
 * with its progress on stderr). Prints JSON; on failure one line on stderr
 * and exit code 1 (2 for a command line it cannot read).
 */
import { NestFactory } from '@nestjs/core';
import { AccountAdminService } from '@app/accounts';
import { loadConfig } from '@app/config';
import { MediaRepository } from '@app/db';
import { WebhookSecretReseal } from '@app/webhooks';
import { AdminCliModule } from './admin-cli.module';
import { parseCliArgs, UsageError } from './cli-args';
import { CliDatabase, openCliDatabase } from './cli-database';
import { failureMessage } from './failure-message';
import { runMediaBackfill } from './media-backfill';
import { runCommand } from './run-command';

async function main(): Promise<number> {
  let database: CliDatabase | undefined;
  try {
    const command = parseCliArgs(process.argv.slice(2));
    const config = loadConfig();
    database = await openCliDatabase(config);
    const app = await NestFactory.createApplicationContext(AdminCliModule.create({ ...config, databaseUrl: database.url }), {
      logger: false,
      abortOnError: false,
    });
    try {
      const result = await runCommand(
        {
          admin: app.get(AccountAdminService),
          webhooks: app.get(WebhookSecretReseal),
          backfill: (concurrency) => runMediaBackfill(app.get(MediaRepository), config, concurrency, (line) => process.stderr.write(`${line}\n`)),
        },
        command,
      );
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } finally {
      await app.close();
    }
  } catch (error) {
    process.stderr.write(`admin: ${failureMessage(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await database?.stop();
  }
}

void main().then((code) => process.exit(code));
