import { Client } from 'pg';
import { median, round } from '../measure/stats';

/**
 * Round-trip of one indexed lookup against the embedded database, sequential, as the apps do
 * several per upload (key lookup, insert, status check, mark ready, reload).
 */
export async function probeDatabase(url: string, count = 50): Promise<{ queries: number; p50Ms: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await client.query('SELECT id, status FROM media WHERE id = $1', ['abcdefgh']);
      times.push(performance.now() - t0);
    }
    return { queries: count, p50Ms: round(median(times)) };
  } finally {
    await client.end();
  }
}
