import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queues';
import { redisErrorLog } from './redis-error-log';

/**
 * Gives every registered queue an error listener (see redisErrorLog). A BullMQ queue with no
 * listener prints each of its connection errors with console.error, a raw stack trace per reconnect
 * attempt for as long as Redis is away, outside the JSON log.
 */
@Injectable()
export class QueueErrorLog implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private readonly log = redisErrorLog(this.logger, 'queue');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).on('error', (error) => this.log(error, { queue: name }));
    }
  }
}
