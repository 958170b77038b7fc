import type { KeysRepository } from '@app/db';
import { KeyUseRecorder, LAST_USED_PRECISION_MS } from './key-use-recorder';

function recorderWithWrites(fail = false) {
  const writes: Array<[string, number]> = [];
  const repository = {
    touchLastUsed: async (id: string, at: Date) => {
      writes.push([id, at.getTime()]);
      if (fail) throw new Error('database down');
    },
  };
  return { writes, recorder: new KeyUseRecorder(repository as unknown as KeysRepository) };
}

describe('KeyUseRecorder', () => {
  const t0 = 1_700_000_000_000;

  it('writes a key at most once a minute', () => {
    const { writes, recorder } = recorderWithWrites();
    const key = { id: 'key_aaaaaa', lastUsedAt: null };
    recorder.record(key, t0);
    recorder.record(key, t0 + 1000);
    recorder.record(key, t0 + LAST_USED_PRECISION_MS - 1);
    recorder.record(key, t0 + LAST_USED_PRECISION_MS);
    expect(writes).toEqual([
      ['key_aaaaaa', t0],
      ['key_aaaaaa', t0 + LAST_USED_PRECISION_MS],
    ]);
  });

  it('does not write while the stored time (written by another gateway) is under a minute old', () => {
    const { writes, recorder } = recorderWithWrites();
    recorder.record({ id: 'key_bbbbbb', lastUsedAt: new Date(t0 - 30_000) }, t0);
    recorder.record({ id: 'key_bbbbbb', lastUsedAt: new Date(t0 - 60_000) }, t0);
    expect(writes).toEqual([['key_bbbbbb', t0]]);
  });

  it('counts each key separately', () => {
    const { writes, recorder } = recorderWithWrites();
    recorder.record({ id: 'key_a', lastUsedAt: null }, t0);
    recorder.record({ id: 'key_b', lastUsedAt: null }, t0);
    expect(writes.map(([id]) => id)).toEqual(['key_a', 'key_b']);
  });

  it('never throws when the write fails', async () => {
    const { writes, recorder } = recorderWithWrites(true);
    expect(() => recorder.record({ id: 'key_c', lastUsedAt: null }, t0)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
  });
});
