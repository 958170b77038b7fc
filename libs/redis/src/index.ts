export * from './redis-url';
export * from './redis-connection';
export * from './redis-answers';
export * from './cache-invalidation';
export * from './close-within';
