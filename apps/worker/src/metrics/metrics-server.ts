import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiError } from '@app/errors';
import { ALL_QUEUES, closeWithin, QUEUE_CLOSE_MS, redisConnectionOptions } from '@app/jobs';
import { mayScrapeMetrics, registerQueueMetrics } from '@app/metrics';
import { WorkerMetrics } from './worker-metrics';

/**
 * `GET /metrics` of this worker on WORKER_METRICS_PORT (unset: no listener). Besides the worker's own
 * metrics it reports the shared queues' depth, like the gateway, so workers alone can be scraped.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: http.Server;
  private readonly queues: Queue[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** The port it listens on (the one picked when WORKER_METRICS_PORT=0), or undefined when off. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workerMetricsPort === undefined) return;
    for (const name of ALL_QUEUES) {
      const queue = new Queue(name, { connection: redisConnectionOptions(this.config.redisUrl), prefix: this.config.queuePrefix });
      // A Redis outage is reported by the gateway's /health/ready; scrapes leave the queue series out meanwhile.
      queue.on('error', () => undefined);
      this.queues.push(queue);
    }
    registerQueueMetrics(this.metrics.registry, () => this.queues);
    const server = http.createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.workerMetricsPort, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return sendError(res, new ApiError('not_found', { message: 'Not found' }));
    if (!mayScrapeMetrics(req.headers.authorization, this.config.metricsToken)) return sendError(res, new ApiError('unauthorized'));
    try {
      const text = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text);
    } catch {
      sendError(res, new ApiError('internal_error'));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await Promise.all(this.queues.map((queue) => closeWithin(queue, QUEUE_CLOSE_MS)));
  }
}

function sendError(res: http.ServerResponse, error: ApiError): void {
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(error.toBody()));
}
