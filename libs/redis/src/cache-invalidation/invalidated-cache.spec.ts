import { InvalidatedCache } from './invalidated-cache';

function setup(capacity = 3) {
  const state = { trusted: true, generation: 0, now: 0 };
  const trust = { trusted: () => state.trusted, generation: () => state.generation };
  const cache = new InvalidatedCache<string, { id: string; owner: string }>(trust, capacity, (v) => [`media:${v.id}`, `account:${v.owner}`], 5000, () => state.now);
  const row = (id: string, owner = 'acc') => async () => ({ id, owner });
  return { state, cache, row };
}

describe('InvalidatedCache', () => {
  it('keeps what it read, drops it by any of its tags, and evicts the least recently used past its capacity', async () => {
    const { cache, row } = setup();
    await cache.fetch('a', row('a', 'x'));
    await cache.fetch('b', row('b', 'y'));
    await cache.fetch('c', row('c', 'y'));
    expect(cache.get('a')).toEqual({ id: 'a', owner: 'x' });
    await cache.fetch('d', row('d'));
    expect([cache.get('b'), cache.size]).toEqual([undefined, 3]);
    cache.dropTagged('account:y');
    expect([cache.get('a'), cache.get('c')]).toEqual([{ id: 'a', owner: 'x' }, undefined]);
    cache.dropTagged('media:a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('uses no entry older than 5 s', async () => {
    const { state, cache, row } = setup();
    await cache.fetch('a', row('a'));
    state.now = 5000;
    expect(cache.get('a')).toBeDefined();
    state.now = 5001;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps nothing read while an announcement was heard, nor while untrusted, and empties itself when distrusted', async () => {
    const { state, cache, row } = setup();
    await cache.fetch('a', async () => {
      state.generation++;
      return { id: 'a', owner: 'x' };
    });
    expect(cache.size).toBe(0);
    await cache.fetch('b', row('b'));
    state.trusted = false;
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(0);
    await cache.fetch('c', row('c'));
    expect(cache.size).toBe(0);
  });

  it('keeps nothing when off (max age 0) or when the row is not worth keeping, and never a miss', async () => {
    const trust = { trusted: () => true, generation: () => 0 };
    const off = new InvalidatedCache<string, { id: string }>(trust, 3, () => [], 0);
    await off.fetch('a', async () => ({ id: 'a' }));
    const { cache } = setup();
    await cache.fetch('a', async () => ({ id: 'a', owner: 'x' }), () => false);
    await cache.fetch('b', async () => null);
    expect([off.size, cache.size]).toEqual([0, 0]);
  });
});
