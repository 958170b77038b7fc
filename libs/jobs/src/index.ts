export * from './queues';
export * from './variant-job';
export * from './redis-connection';
export * from './jobs.module';
export * from './redis-answers';
export * from './close-within';
export * from './queue-closer';
export * from './shutdown-watchdog';
