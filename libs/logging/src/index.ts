export * from './logging.module';
export * from './log-line';
export * from './pretty-stream';
export * from './throttled-warning';
