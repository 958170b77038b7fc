/** Whether entries may be used and stored right now, and a counter that moves on every drop (see CacheInvalidationListener). */
export interface CacheTrust {
  trusted(): boolean;
  generation(): number;
}

interface Entry<V> {
  value: V;
  tags: readonly string[];
  storedAt: number;
}

/** No entry is used past this age, whatever the channel says: a lost announcement is bounded staleness. */
export const CACHE_ENTRY_MAX_AGE_MS = 5000;

/**
 * A small LRU of values read from the database, each carrying the tags of what it was read from (its key,
 * account, media). Entries are dropped by tag when a write is announced, are never older than 5 s, and the
 * whole cache is bypassed (and emptied) while its channel is not trusted.
 */
export class InvalidatedCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly trust: CacheTrust,
    private readonly capacity: number,
    private readonly tagsOf: (value: V) => readonly string[],
    /** 0: nothing is kept (every read goes to the database). */
    private readonly maxAgeMs = CACHE_ENTRY_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    if (!this.trust.trusted()) {
      this.clear();
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.storedAt > this.maxAgeMs) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * The cached value, else `load()`'s, which is kept only when nothing was dropped while it was read (an
   * announcement heard meanwhile may concern the row just read) and the channel is trusted.
   */
  async fetch(key: K, load: () => Promise<V | null>, keep: (value: V) => boolean = () => true): Promise<V | null> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const generation = this.trust.generation();
    const value = await load();
    if (value !== null && this.maxAgeMs > 0 && keep(value) && generation === this.trust.generation() && this.trust.trusted()) this.set(key, value);
    return value;
  }

  dropTagged(tag: string): void {
    for (const [key, entry] of this.entries) if (entry.tags.includes(tag)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, tags: this.tagsOf(value), storedAt: this.now() });
  }
}
