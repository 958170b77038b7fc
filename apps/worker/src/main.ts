import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { describeStartupError, loadConfig } from '@app/config';
import { armShutdownWatchdog } from '@app/jobs';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.create(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // A signal closes everything in order (workers finish their jobs first) and then exits 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  armShutdownWatchdog(config.shutdownTimeoutMs, (message) => process.stderr.write(`worker: ${message}\n`));
  await app.init();
  process.send?.({ type: 'worker-ready' });
}

bootstrap().catch((error) => {
  process.stderr.write(`worker failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
