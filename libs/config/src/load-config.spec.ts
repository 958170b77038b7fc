import { ConfigError, describeStartupError, loadConfig as load } from './load-config';

// A secret named, so that loading writes no signing-secret file into the working folder's DATA_DIR.
const loadConfig = (env: Record<string, string | undefined>) => load({ SIGNING_SECRET: 'spec-secret', ...env });

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      apiBaseUrl: 'http://localhost:3000',
      srcBaseUrl: 'http://localhost:3000',
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: undefined,
      s3: undefined,
      keyedMaxBytes: 70 * 1024 * 1024,
      anonymousMaxBytes: 20 * 1024 * 1024,
      svgMaxBytes: 10 * 1024 * 1024,
      importTimeoutMs: 30_000,
      importAllowedCidrs: [],
      trustProxy: false,
      http: { headersTimeoutMs: 20_000, requestTimeoutMs: 900_000, idleTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
      lockDurationMs: 30_000,
      stalledIntervalMs: 15_000,
      shutdownTimeoutMs: 30_000,
      queuePrefix: 'imgpro',
      restart: { maxExits: 5, windowMs: 60_000, backoffMs: 1000, maxBackoffMs: 30_000 },
      smtpUrl: undefined,
      mailFrom: 'imgpro <no-reply@localhost>',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads rate limits, counted in REDIS_URL unless RATE_LIMIT_REDIS_URL sets them apart', () => {
    expect(loadConfig({ REDIS_URL: 'redis://queue:6379' }).rateLimits).toEqual({
      redisUrl: 'redis://queue:6379',
      keysPerEmail: 5,
      keysPerIp: 20,
      keysWindowS: 3600,
      anonymousHourly: 20,
      anonymousHourS: 3600,
      anonymousDaily: 100,
      anonymousDayS: 86_400,
      perKey: 1000,
      perKeyWindowS: 60,
      rendersPerIp: 60,
      rendersWindowS: 60,
    });
    const config = loadConfig({ RATE_LIMIT_REDIS_URL: 'redis://limits:6380', RATE_LIMIT_PER_KEY: '2', RATE_LIMIT_PER_KEY_WINDOW_S: '2' });
    expect(config.rateLimits).toMatchObject({ redisUrl: 'redis://limits:6380', perKey: 2, perKeyWindowS: 2 });
    expect(() => loadConfig({ RATE_LIMIT_ANON_HOURLY: '0' })).toThrow(new ConfigError('RATE_LIMIT_ANON_HOURLY must be an integer >= 1, got "0"'));
  });

  it('selects a Redis Cluster by REDIS_CLUSTER_NODES or a redis+cluster:// URL, with a hash-tagged prefix', () => {
    const fromNodes = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' });
    expect(fromNodes).toMatchObject({ redisUrl: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7001', queuePrefix: '{imgpro}' });
    expect(fromNodes.rateLimits.redisUrl).toBe('redis+cluster://10.0.0.1:7000,10.0.0.2:7001');
    expect(loadConfig({ REDIS_URL: 'redis+cluster://a:7000,b:7000', QUEUE_PREFIX: 'prod' }).queuePrefix).toBe('{prod}');
    expect(loadConfig({ REDIS_URL: 'redis+cluster://a:7000', QUEUE_PREFIX: 'x-{tag}' }).queuePrefix).toBe('x-{tag}');
    expect(loadConfig({ QUEUE_PREFIX: 'plain' }).queuePrefix).toBe('plain');
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b' })).toThrow(
      new ConfigError('REDIS_CLUSTER_NODES must be a comma-separated host:port list, got "b"'),
    );
  });

  it('selects S3 when a bucket is set, path-style when an endpoint is given', () => {
    const config = loadConfig({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000', IMPORT_ALLOWED_CIDRS: '127.0.0.0/8, 10.0.0.0/8' });
    expect(config.s3).toEqual({
      bucket: 'media',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: true,
      connectTimeoutMs: 5000,
      idleTimeoutMs: 20_000,
    });
    expect(loadConfig({ S3_BUCKET: 'media', S3_CONNECT_TIMEOUT_MS: '800', S3_IDLE_TIMEOUT_MS: '1500' }).s3).toMatchObject({
      connectTimeoutMs: 800,
      idleTimeoutMs: 1500,
    });
    expect(config.importAllowedCidrs).toEqual(['127.0.0.0/8', '10.0.0.0/8']);
  });

  it.each([
    [{ TRUST_PROXY: '1' }, 1],
    [{ TRUST_PROXY: 'loopback' }, 'loopback'],
    [{ TRUST_PROXY: 'true' }, true],
    [{ TRUST_PROXY: 'false' }, false],
  ])('reads TRUST_PROXY %j', (env, expected) => {
    expect(loadConfig(env).trustProxy).toBe(expected);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer >= 0, got "eighty"'],
    [{ WORKERS: '-1' }, 'WORKERS must be an integer >= 0, got "-1"'],
    [{ WORKER_METRICS_PORT: 'metrics' }, 'WORKER_METRICS_PORT must be an integer >= 0, got "metrics"'],
    [{ RESTART_MAX_EXITS: '0' }, 'RESTART_MAX_EXITS must be an integer >= 1, got "0"'],
    [{ API_BASE_URL: 'ftp://x' }, 'API_BASE_URL must be an absolute http(s) URL, got "ftp://x"'],
    [{ S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE must be true or false, got "maybe"'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' }, 'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS'],
    [
      { STUCK_PROCESSING_MS: '1000000' },
      'STUCK_PROCESSING_MS must exceed HTTP_REQUEST_TIMEOUT_MS + JOB_WAIT_TIMEOUT_MS (the longest a request can hold an upload)',
    ],
    [{ SMTP_URL: 'http://user:pw@mail:25' }, 'SMTP_URL must be an smtp:// or smtps:// URL, got "http://…@mail:25"'],
  ])('fails fast with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });
});

describe('start-up safety', () => {
  it('refuses to run in production without SIGNING_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: undefined })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: undefined })).toThrow(/SIGNING_SECRET must be set/);
    expect(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 's3cret' }).signingSecret).toBe('s3cret');
  });

  it('describes a bad setting by its message alone, anything else with its stack', () => {
    expect(describeStartupError(new ConfigError('PORT must be an integer >= 1, got "x"'))).toBe('PORT must be an integer >= 1, got "x"');
    expect(describeStartupError(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
  });
});
