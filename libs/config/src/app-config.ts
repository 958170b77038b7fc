export interface S3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Express `trust proxy`: hop count, address list, or off. */
  trustProxy: number | string | boolean;
  apiBaseUrl: string;
  webBaseUrl: string;
  srcBaseUrl: string;
  dataDir: string;
  databaseUrl?: string;
  embeddedDbPort: number;
  redisUrl: string;
  queuePrefix: string;
  s3?: S3Config;
  adminToken?: string;
  signingSecret: string;
  workers: number;
  workerConcurrency: number;
  maxInputPixels: number;
  anonymousMaxBytes: number;
  keyedMaxBytes: number;
  svgMaxBytes: number;
  jobWaitTimeoutMs: number;
  sweepIntervalMs: number;
  stuckProcessingMs: number;
  importTimeoutMs: number;
  importAllowedCidrs: string[];
  logLevel: string;
}
