import 'reflect-metadata';
import { describeStartupError, loadConfig } from '@app/config';
import { armShutdownWatchdog } from '@app/jobs';
import { createGatewayApp } from './create-gateway-app';
import { drainOnSignals } from './http/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.port, config.host);
  const log = (message: string) => process.stderr.write(`gateway: ${message}\n`);
  drainOnSignals(app, config.shutdownTimeoutMs, log);
  armShutdownWatchdog(config.shutdownTimeoutMs, log);
  process.send?.({ type: 'gateway-ready', port: config.port });
}

bootstrap().catch((error) => {
  process.stderr.write(`gateway failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
