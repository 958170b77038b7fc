import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  process.send?.({ type: 'worker-ready' });
}

bootstrap().catch((error) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
