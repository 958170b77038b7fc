export interface S3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** A connection to storage not established within this is abandoned (the call fails, or is retried). */
  connectTimeoutMs: number;
  /** A storage request or answer that sends nothing either way for this long is cut off: a stalled store never hangs a call. */
  idleTimeoutMs: number;
}

/** Limits of the gateway's HTTP server on slow or stuck clients (all in milliseconds). */
export interface HttpLimits {
  /** Request line and headers must have arrived within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this (not the time spent answering). */
  requestTimeoutMs: number;
  /** A request body that sends nothing for this long is cut off with 408. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

/** Rate limits (points per window, windows in seconds), counted in Redis and shared by every gateway. */
export interface RateLimits {
  /** The Redis holding the counters; REDIS_URL unless set apart. */
  redisUrl: string;
  keysPerEmail: number;
  keysPerIp: number;
  keysWindowS: number;
  anonymousHourly: number;
  anonymousHourS: number;
  anonymousDaily: number;
  anonymousDayS: number;
  perKey: number;
  perKeyWindowS: number;
  /** Requests that would start a new variant render, per client IP. */
  rendersPerIp: number;
  rendersWindowS: number;
}

/** Webhook delivery (SPEC §9). */
export interface WebhookSettings {
  /** Seconds before each retry of an undelivered event; after the last one the event is given up. */
  retryDelaysS: number[];
  /** One delivery attempt (connect, send, answer) must finish within this. */
  timeoutMs: number;
  /** How often each worker queues the outbox's events that have no job (Redis lost them, or none was queued yet). */
  relayIntervalMs: number;
  /** SIGNING_SECRETs used before the current one: webhook secrets sealed under them stay readable. */
  previousSigningSecrets: string[];
}

export interface AppConfig {
  port: number;
  host: string;
  /** Express `trust proxy`: hop count, address list, or off. */
  trustProxy: number | string | boolean;
  http: HttpLimits;
  apiBaseUrl: string;
  webBaseUrl: string;
  srcBaseUrl: string;
  dataDir: string;
  databaseUrl?: string;
  embeddedDbPort: number;
  /** redis://… for one server, redis+cluster://host:port,… for a Redis Cluster (from REDIS_CLUSTER_NODES too). */
  redisUrl: string;
  queuePrefix: string;
  /** How long a gateway may use a cached key or delivery row (at most 5 s; 0 turns its caches off). */
  gatewayCacheMaxAgeMs: number;
  s3?: S3Config;
  adminToken?: string;
  /** When set, `GET /metrics` (gateway and workers) wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
  signingSecret: string;
  /** Where the upgrade page's button leads (with the account's signed token); unset = ask the operator. */
  billingUrl?: string;
  /** Verification mail goes out through this SMTP server; without it, it is written to DATA_DIR/outbox. */
  smtpUrl?: string;
  mailFrom: string;
  workers: number;
  workerConcurrency: number;
  /** BullMQ job lock: a job whose worker stops renewing it for this long is stalled. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs (whose worker died) and hand them out again. */
  stalledIntervalMs: number;
  /** Port of a worker's Prometheus `/metrics` listener; unset = no listener, 0 = any free port. */
  workerMetricsPort?: number;
  /** On SIGTERM, how long a worker finishes its active jobs and a gateway its in-flight requests. */
  shutdownTimeoutMs: number;
  /** How `npm start` restarts a gateway or worker that exits unexpectedly. */
  restart: { maxExits: number; windowMs: number; backoffMs: number; maxBackoffMs: number };
  maxInputPixels: number;
  anonymousMaxBytes: number;
  keyedMaxBytes: number;
  svgMaxBytes: number;
  /** Longest one decode/encode step of an upload or import may run before it is refused. */
  decodeTimeoutSeconds: number;
  jobWaitTimeoutMs: number;
  /** Longest one database statement is waited for before it fails (a database that stops answering). */
  dbQueryTimeoutMs: number;
  sweepIntervalMs: number;
  stuckProcessingMs: number;
  /** A media processing for this long whose job is no longer in Redis (lost with Redis's data) is queued again by the sweep. */
  lostJobGraceMs: number;
  /** Staging objects and worker temp folders older than this, with no job still using them, are swept. */
  leftoverAgeMs: number;
  importTimeoutMs: number;
  importAllowedCidrs: string[];
  webhooks: WebhookSettings;
  rateLimits: RateLimits;
  logLevel: string;
  /** `json` for machines (the default when stdout is not a terminal), `pretty` one-liners for a person. */
  logFormat: 'json' | 'pretty';
}
