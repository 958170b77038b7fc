import * as net from 'net';
import * as path from 'path';
import type { AppConfig } from '@app/config';
import { resolveDatabaseUrl, runMigrations, startEmbeddedPostgres } from '@app/db';

export interface CliDatabase {
  url: string;
  /** Stops the embedded database if this command started it. */
  stop(): Promise<void>;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * DATABASE_URL; else the embedded database of DATA_DIR: the running service's on EMBEDDED_DB_PORT, or,
 * while the service is stopped, one of our own on the same folder (migrated, as `npm start` would).
 */
export async function openCliDatabase(config: AppConfig): Promise<CliDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  if (await portAnswers(config.embeddedDbPort)) return { url: resolveDatabaseUrl(config), stop: async () => undefined };
  const db = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), config.embeddedDbPort);
  try {
    await runMigrations(db.url);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return { url: db.url, stop: db.stop };
}
