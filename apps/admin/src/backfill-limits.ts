/** How many backfill jobs one `media backfill` run keeps unfinished at once, by default and at most. */
export const DEFAULT_BACKFILL_CONCURRENCY = 4;
export const MAX_BACKFILL_CONCURRENCY = 32;
