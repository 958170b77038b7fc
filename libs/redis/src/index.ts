export * from './redis-url';
export * from './redis-connection';
export * from './redis-answers';
