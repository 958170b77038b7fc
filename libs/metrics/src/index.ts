export * from './process-registry';
export * from './queue-metrics';
export * from './scrape-access';
