import 'reflect-metadata';
import { describeStartupError, loadConfig } from '@app/config';
import { createGatewayApp } from './create-gateway-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.port, config.host);
  process.send?.({ type: 'gateway-ready', port: config.port });
}

bootstrap().catch((error) => {
  process.stderr.write(`gateway failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
