export * from './error-catalogue';
export * from './api-error';
export * from './size-message';
export * from './job-failure';
export * from './api-exception.filter';
export * from './protocol-error';
export * from './connection-error-codes';
