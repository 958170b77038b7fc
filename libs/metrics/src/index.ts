export * from './process-registry';
export * from './queue-metrics';
