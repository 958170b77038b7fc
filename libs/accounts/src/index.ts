export * from './signed-link';
export * from './account-links';
export * from './limit-errors';
