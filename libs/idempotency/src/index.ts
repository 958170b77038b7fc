export * from './idempotency-key-header';
export * from './request-fingerprint';
export * from './kept-answer';
export * from './idempotency.service';
export * from './idempotency.module';
