function int(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw ? Number.parseInt(raw, 10) : fallback;
}

/** Sizes of each measurement (overridable by env for quick runs) and the targets they are judged by. */
export const BENCH = {
  /**
   * Jobs one worker process runs at once. On this 2-core box 3 had the best mean 12 MP service
   * throughput over four sweeps (2: 6.6/s, 3: 7.1/s, 4: 7.0/s; within noise). See bench/README.md.
   */
  workerConcurrency: int('BENCH_WORKER_CONCURRENCY', 3),
  sweep: process.env.BENCH_SWEEP === '1',
  /** Only the small-upload rows (1c, 2 and, embedded, 4): no 12 MP, import or memory scenario. */
  smallOnly: process.env.BENCH_SMALL_ONLY === '1',
  sweepLevels: [1, 2, 3, 4, 6],
  sweepCount: int('BENCH_SWEEP_COUNT', 16),
  clientConcurrency: 4,
  rounds: int('BENCH_ROUNDS', 2),
  warmup: 4,
  photoCount: int('BENCH_PHOTO_COUNT', 30),
  smallCount: int('BENCH_SMALL_COUNT', 100),
  latencyCount: int('BENCH_LATENCY_COUNT', 100),
  bigUploads: 8,
  bigUploadBytes: 70 * 1024 * 1024,
  rssIntervalMs: 20,
  targets: {
    /** Upload/s through the service ÷ through the thin peer, 12 MP (camera and plain) and 100 KB PNG. */
    photoRatio: 0.9,
    smallRatio: 0.5,
    latencyOverheadMs: 8,
    gatewayCpuMsPerMb: 2,
    embeddedDbCpuMs: 3,
    gatewayRssGrowthMb: 64,
    importRatio: 0.9,
    listRatio: 1.5,
    cachedVariantRatio: 0.8,
    revalidationRatio: 0.8,
    firstRenderRatio: 1.5,
    deleteRatio: 1.5,
    webhookRatio: 0.95,
  },
  /** The list benchmark (`npm run bench -- list`): on PostgreSQL with DATABASE_URL, else embedded; seeded with one statement. */
  list: {
    totalRows: int('BENCH_LIST_ROWS', 1_000_000),
    bigAccountRows: int('BENCH_LIST_BIG', 100_000),
    smallAccountRows: int('BENCH_LIST_SMALL', 100),
    fillerAccounts: 20,
    /** Every n-th media of the two measured accounts carries the filtered tag (2: half of them, so both pages are full). */
    tagEvery: int('BENCH_LIST_TAG_EVERY', 2),
    /** Share of the other accounts' media that carry it too (one in fifty). */
    fillerTagEvery: 50,
    tag: 'travel',
    limit: 50,
    warmup: 20,
    requests: int('BENCH_LIST_REQUESTS', 200),
    /** Requests per account per turn: the two accounts take turns so a burst of load hits both. */
    block: 20,
  },
  /** The gateways benchmark (`npm run bench -- gateways`): what idle gateways pay for the jobs of a busy one. */
  gateways: {
    layouts: [1, int('BENCH_GATEWAYS', 4)],
    jobs: int('BENCH_GATEWAYS_JOBS', 400),
    warmup: 20,
    concurrency: 4,
    /** Each idle gateway's background CPU is read over this long, before the uploads. */
    quietSeconds: int('BENCH_GATEWAYS_QUIET_SECONDS', 5),
  },
  /** The workers benchmark (`npm run bench -- workers`): 12 MP uploads, 1 worker pinned to core 0 vs 2 pinned to cores 0 and 1. */
  workers: {
    /** Enough uploads in flight to keep two workers of WORKER_CONCURRENCY 3 busy; the same for both layouts. */
    concurrency: int('BENCH_WORKERS_CONCURRENCY', 6),
    warmup: 6,
    perRound: int('BENCH_WORKERS_PER_ROUND', 18),
    rounds: int('BENCH_WORKERS_ROUNDS', 3),
    targetRatio: 1.8,
  },
  /** The delivery benchmark (`npm run bench -- delivery`): a cached `?size=m` variant, and first renders. */
  delivery: {
    /** Enough to keep one gateway process busy (issue 22 measures with 8). */
    connections: int('BENCH_DELIVERY_CONNECTIONS', 8),
    warmupSeconds: int('BENCH_DELIVERY_WARMUP_SECONDS', 3),
    /** Each target gets rounds × roundSeconds of load, in alternating rounds. */
    roundSeconds: int('BENCH_DELIVERY_ROUND_SECONDS', 5),
    rounds: int('BENCH_DELIVERY_ROUNDS', 2),
    /** Fresh 12 MP media whose first `?size=m` is timed (one more is rendered first as a warm-up). */
    firstRenders: int('BENCH_DELIVERY_RENDERS', 7),
  },
  /** The storage benchmark (`npm run bench -- storage`): DELETE latency with few vs many objects in the folder store. */
  /** The webhooks benchmark (`npm run bench -- webhooks`): 12 MP uploads by an account with a webhook ÷ by one without. */
  webhooks: {
    /** Measured uploads per side (in `rounds` alternating blocks), after `warmup` each; at most 100 per account in all. */
    count: int('BENCH_WEBHOOK_COUNT', 32),
    rounds: int('BENCH_WEBHOOK_ROUNDS', 4),
    warmup: 3,
  },
  storage: {
    fewObjects: 100,
    manyObjects: int('BENCH_STORAGE_OBJECTS', 20_000),
    /** Untimed deletes first (the gateway's first requests are slow), then rounds of one block per store size. */
    warmup: 5,
    rounds: int('BENCH_STORAGE_ROUNDS', 3),
    /** warmup + rounds × 2 × perBlock media are uploaded: at most 100 (an unverified account's month). */
    perBlock: int('BENCH_STORAGE_PER_BLOCK', 15),
  },
} as const;
