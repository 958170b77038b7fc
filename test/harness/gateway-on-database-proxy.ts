import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { DatabaseProxy, startDatabaseProxy } from './database-proxy';
import { freePort } from './free-port';
import type { TestService } from './test-service';

export interface GatewayOnDatabaseProxy {
  /** Between this gateway and the database: the test makes the database fail through it. */
  database: DatabaseProxy;
  app: INestApplication;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * A second gateway in this process, beside `service`'s, that reaches the database through a TCP proxy;
 * the service's own gateway and workers keep their direct connections.
 */
export async function startGatewayOnDatabaseProxy(service: TestService, env: Record<string, string> = {}): Promise<GatewayOnDatabaseProxy> {
  const database = await startDatabaseProxy();
  const port = await freePort();
  const app = await createGatewayApp(loadConfig({ ...service.env, PORT: String(port), DATABASE_URL: database.url, ...env })).catch(async (error) => {
    await database.proxy.close();
    throw error;
  });
  await app.listen(port, '127.0.0.1');
  return {
    database,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      // Healed first: a test may end with the proxy still holding the gateway's connections.
      database.proxy.heal();
      await app.close().catch(() => undefined);
      await database.proxy.close();
    },
  };
}
