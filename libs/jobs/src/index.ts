export * from './queues';
export * from './redis-connection';
export * from './jobs.module';
export * from './redis-answers';
