import { Controller, Get, Inject } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { INGEST_QUEUE } from '@app/jobs';
import { OBJECT_STORE, ObjectStore } from '@app/storage';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';
import { LivenessSchema } from '../openapi/service-schemas';
import { Public } from '../auth/route-access';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @InjectQueue(INGEST_QUEUE) private readonly queue: Queue,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessSchema })
  @ApiErrors()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: database, Redis and object storage all answer. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database, Redis and object storage answer (503 with the report otherwise)' })
  @ApiErrors()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      () => this.check('redis', async () => void (await this.queue.getJobCounts('waiting'))),
      () => this.check('storage', () => this.store.ping()),
    ]);
  }

  private async check(key: string, probe: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(probe(), 3000);
      return indicator.up();
    } catch {
      return indicator.down({ message: `${key} is not reachable` });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms))),
  ]).finally(() => clearTimeout(timer));
}
