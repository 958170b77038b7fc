import * as path from 'path';
import { clusterUrl, hashTaggedPrefix } from '@app/redis';
import { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { resolveSigningSecret } from './signing-secret';

export { ConfigError };

/** What a process prints when it cannot start: a bad setting's message alone, anything else with its stack. */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

type Env = Record<string, string | undefined>;

/** Shortest ADMIN_TOKEN a production deployment accepts: the admin API can change any account. */
export const MIN_PRODUCTION_ADMIN_TOKEN_LENGTH = 24;

function adminToken(env: Env): string | undefined {
  const token = env.ADMIN_TOKEN || undefined;
  if (token !== undefined && env.NODE_ENV === 'production' && token.length < MIN_PRODUCTION_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `ADMIN_TOKEN must be at least ${MIN_PRODUCTION_ADMIN_TOKEN_LENGTH} characters when NODE_ENV=production (got ${token.length}); try: openssl rand -hex 32`,
    );
  }
  return token;
}

const MB = 1024 * 1024;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function baseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function trustProxy(raw: string | undefined): number | string | boolean {
  if (raw === undefined || raw === '' || /^(0|false|no)$/i.test(raw)) return false;
  if (/^(true|yes)$/i.test(raw)) return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function httpLimits(env: Env): AppConfig['http'] {
  const limits = {
    headersTimeoutMs: int(env, 'HTTP_HEADERS_TIMEOUT_MS', 20_000, 100),
    // 15 minutes: a 70 MB upload at about 0.7 Mbit/s.
    requestTimeoutMs: int(env, 'HTTP_REQUEST_TIMEOUT_MS', 900_000, 100),
    idleTimeoutMs: int(env, 'HTTP_IDLE_TIMEOUT_MS', 30_000, 100),
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return limits;
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^/]/.test(raw)) throw new ConfigError(`SMTP_URL must be an smtp:// or smtps:// URL, got "${raw.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return raw;
}

function rateLimits(env: Env, redisUrl: string): AppConfig['rateLimits'] {
  return {
    redisUrl: env.RATE_LIMIT_REDIS_URL || redisUrl,
    keysPerEmail: int(env, 'RATE_LIMIT_KEYS_PER_EMAIL', 5, 1),
    keysPerIp: int(env, 'RATE_LIMIT_KEYS_PER_IP', 20, 1),
    keysWindowS: int(env, 'RATE_LIMIT_KEYS_WINDOW_S', 3600, 1),
    anonymousHourly: int(env, 'RATE_LIMIT_ANON_HOURLY', 20, 1),
    anonymousHourS: int(env, 'RATE_LIMIT_ANON_HOUR_S', 3600, 1),
    anonymousDaily: int(env, 'RATE_LIMIT_ANON_DAILY', 100, 1),
    anonymousDayS: int(env, 'RATE_LIMIT_ANON_DAY_S', 86_400, 1),
    perKey: int(env, 'RATE_LIMIT_PER_KEY', 1000, 1),
    perKeyWindowS: int(env, 'RATE_LIMIT_PER_KEY_WINDOW_S', 60, 1),
    rendersPerIp: int(env, 'RATE_LIMIT_RENDERS_PER_IP', 60, 1),
    rendersWindowS: int(env, 'RATE_LIMIT_RENDERS_WINDOW_S', 60, 1),
  };
}

/** REDIS_CLUSTER_NODES (host:port,host:port) becomes a redis+cluster:// URL, the form every Redis client here takes. */
function redisUrl(env: Env): string {
  const nodes = list(env, 'REDIS_CLUSTER_NODES');
  if (nodes.length === 0) return env.REDIS_URL || DEFAULT_REDIS_URL;
  for (const node of nodes) {
    if (!/^[^\s,:/]+:\d+$/.test(node)) throw new ConfigError(`REDIS_CLUSTER_NODES must be a comma-separated host:port list, got "${node}"`);
  }
  return clusterUrl(nodes);
}

function queuePrefix(env: Env, redis: string): string {
  return hashTaggedPrefix(env.QUEUE_PREFIX || 'imgpro', redis);
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const DEFAULT_WEBHOOK_RETRY_DELAYS_S = [5, 300, 1800, 7200, 18000, 36000, 36000];

function webhookSettings(env: Env): AppConfig['webhooks'] {
  const raw = list(env, 'WEBHOOK_RETRY_DELAYS_S');
  const delays = raw.map(Number);
  if (delays.some((delay) => !Number.isInteger(delay) || delay < 0)) {
    throw new ConfigError(`WEBHOOK_RETRY_DELAYS_S must be a comma-separated list of whole seconds, got "${env.WEBHOOK_RETRY_DELAYS_S}"`);
  }
  return {
    retryDelaysS: raw.length ? delays : DEFAULT_WEBHOOK_RETRY_DELAYS_S,
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100),
    relayIntervalMs: int(env, 'WEBHOOK_RELAY_INTERVAL_MS', 5000, 100),
    previousSigningSecrets: list(env, 'WEBHOOK_SECRET_PREVIOUS'),
  };
}

/** Parses and validates the environment once; throws ConfigError with a message an operator can act on. */
function logFormat(raw: string | undefined, terminal: boolean): AppConfig['logFormat'] {
  if (raw === undefined || raw === '') return terminal ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${raw}"`);
}

export function loadConfig(env: Env = process.env, terminal = process.stdout.isTTY === true): Readonly<AppConfig> {
  const port = int(env, 'PORT', 3000, 0);
  const self = `http://localhost:${port}`;
  const s3Bucket = env.S3_BUCKET;
  const redis = redisUrl(env);
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const config: AppConfig = {
    port,
    host: env.HOST || '0.0.0.0',
    trustProxy: trustProxy(env.TRUST_PROXY),
    http: httpLimits(env),
    apiBaseUrl: baseUrl(env, 'API_BASE_URL', self),
    webBaseUrl: baseUrl(env, 'WEB_BASE_URL', self),
    srcBaseUrl: baseUrl(env, 'SRC_BASE_URL', self),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDbPort: int(env, 'EMBEDDED_DB_PORT', 54329, 0),
    redisUrl: redis,
    queuePrefix: queuePrefix(env, redis),
    gatewayCacheMaxAgeMs: Math.min(int(env, 'GATEWAY_CACHE_MAX_AGE_MS', 5000, 0), 5000),
    s3: s3Bucket
      ? {
          bucket: s3Bucket,
          endpoint: env.S3_ENDPOINT || undefined,
          region: env.S3_REGION || 'us-east-1',
          accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
          forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', Boolean(env.S3_ENDPOINT)),
          connectTimeoutMs: int(env, 'S3_CONNECT_TIMEOUT_MS', 5000, 100),
          idleTimeoutMs: int(env, 'S3_IDLE_TIMEOUT_MS', 20_000, 100),
        }
      : undefined,
    adminToken: adminToken(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    signingSecret: resolveSigningSecret(env, dataDir),
    billingUrl: env.BILLING_URL ? baseUrl(env, 'BILLING_URL', '') : undefined,
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || 'imgpro <no-reply@localhost>',
    workers: int(env, 'WORKERS', 1, 0),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 2, 1),
    lockDurationMs: int(env, 'LOCK_DURATION_MS', 30_000, 500),
    stalledIntervalMs: int(env, 'STALLED_INTERVAL_MS', 15_000, 100),
    workerMetricsPort: env.WORKER_METRICS_PORT ? int(env, 'WORKER_METRICS_PORT', 0, 0) : undefined,
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 100),
    restart: {
      maxExits: int(env, 'RESTART_MAX_EXITS', 5, 1),
      windowMs: int(env, 'RESTART_WINDOW_MS', 60_000, 1),
      backoffMs: int(env, 'RESTART_BACKOFF_MS', 1000, 0),
      maxBackoffMs: int(env, 'RESTART_BACKOFF_MAX_MS', 30_000, 0),
    },
    maxInputPixels: int(env, 'MAX_INPUT_PIXELS', 100_000_000, 1),
    anonymousMaxBytes: int(env, 'ANONYMOUS_MAX_MB', 20, 1) * MB,
    keyedMaxBytes: int(env, 'KEYED_MAX_MB', 70, 1) * MB,
    svgMaxBytes: int(env, 'SVG_MAX_MB', 10, 1) * MB,
    decodeTimeoutSeconds: Math.min(int(env, 'DECODE_TIMEOUT_S', 30, 1), 3600), // sharp's ceiling
    jobWaitTimeoutMs: int(env, 'JOB_WAIT_TIMEOUT_MS', 120_000, 1000),
    dbQueryTimeoutMs: int(env, 'DB_QUERY_TIMEOUT_MS', 10_000, 100),
    sweepIntervalMs: int(env, 'SWEEP_INTERVAL_MS', 60_000, 100),
    stuckProcessingMs: int(env, 'STUCK_PROCESSING_MS', 3_600_000, 1000),
    leftoverAgeMs: int(env, 'LEFTOVER_AGE_MS', 900_000, 1000),
    lostJobGraceMs: int(env, 'LOST_JOB_GRACE_MS', 120_000, 1000),
    importTimeoutMs: int(env, 'IMPORT_TIMEOUT_MS', 30_000, 1),
    importAllowedCidrs: list(env, 'IMPORT_ALLOWED_CIDRS'),
    webhooks: webhookSettings(env),
    rateLimits: rateLimits(env, redis),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT, terminal),
  };
  // The sweep takes a row or reservation this old for abandoned: no request may still be serving it.
  if (config.stuckProcessingMs <= config.http.requestTimeoutMs + config.jobWaitTimeoutMs) {
    throw new ConfigError('STUCK_PROCESSING_MS must exceed HTTP_REQUEST_TIMEOUT_MS + JOB_WAIT_TIMEOUT_MS (the longest a request can hold an upload)');
  }
  return Object.freeze(config);
}
