export * from './cache-change';
export * from './cache-announcer';
export * from './invalidated-cache';
export * from './cache-invalidation-listener';
export * from './cache-announcements.module';
