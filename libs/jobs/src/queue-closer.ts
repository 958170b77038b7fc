import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queues';
import { closeClusterClients } from '@app/redis';
import { closeWithin } from './close-within';

/** How long one queue may take to close before its connection is cut. */
export const QUEUE_CLOSE_MS = 3000;

/**
 * Closes the registered queues, each bounded, before @nestjs/bullmq's own (unbounded) close runs on
 * them, which then finds them closed. Without it, closing while Redis reconnects never ends.
 */
@Injectable()
export class QueueCloser implements BeforeApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  async beforeApplicationShutdown(): Promise<void> {
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    await Promise.all(
      queues.map(async (queue) => {
        // @nestjs/bullmq closes the queue again later and would wait on the close left behind.
        if (!(await closeWithin(queue, QUEUE_CLOSE_MS))) queue.close = () => Promise.resolve();
      }),
    );
    closeClusterClients();
  }
}
