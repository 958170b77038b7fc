import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { describeStartupError, loadConfig } from '@app/config';
import { armShutdownWatchdog } from '@app/jobs';
import { WorkerModule } from './worker.module';
import { WorkerMetricsServer } from './metrics/metrics-server';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.create(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // A signal closes everything in order (workers finish their jobs first) and then exits 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  armShutdownWatchdog(config.shutdownTimeoutMs, (message) => process.stderr.write(`worker: ${message}\n`));
  await app.init();
  const metricsPort = app.get(WorkerMetricsServer).port;
  (await app.resolve(PinoLogger)).info({ metricsPort: metricsPort ?? 'off' }, 'worker ready');
  process.send?.({ type: 'worker-ready', metricsPort });
}

bootstrap().catch((error) => {
  process.stderr.write(`worker failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
