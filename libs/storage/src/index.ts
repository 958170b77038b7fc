export * from './object-store';
export * from './object-keys';
export * from './fs-object-store';
export * from './link-or-copy';
export * from './s3-object-store';
export * from './storage-unreachable';
export * from './create-object-store';
export * from './storage.module';
