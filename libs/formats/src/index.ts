export * from './formats';
export * from './variant-sizes';
