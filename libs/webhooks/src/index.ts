export * from './webhook-events';
export * from './webhook-secret';
export * from './secret-box';
export * from './webhook-endpoints.service';
export * from './webhooks.module';
export * from './webhook-secret-reseal';
