import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { describeStartupError, loadConfig } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.create(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  process.send?.({ type: 'worker-ready' });
}

bootstrap().catch((error) => {
  process.stderr.write(`worker failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
