import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createGatewayApp } from './create-gateway-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.port, config.host);
  process.send?.({ type: 'gateway-ready', port: config.port });
}

bootstrap().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
