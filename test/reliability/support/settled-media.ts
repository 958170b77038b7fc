import type { ObjectStore } from '@app/storage';
import { originalKey } from '@app/storage';
import { waitUntil } from '../../harness/eventually';
import { sql } from '../../harness/sql';

export interface MediaRow {
  id: string;
  name: string;
  status: string;
  ext: string;
  filesize: string;
  /** The stored object holding its bytes (shared by the account's media of the same bytes). */
  object_id: string | null;
}

export interface SettledMedia {
  rows: MediaRow[];
  ready: MediaRow[];
  /** Rows still processing once the wait for them ran out. */
  processing: MediaRow[];
  /** Ready rows whose stored original is missing or not the size the row says (half-written media). */
  withoutOriginal: string[];
}

/**
 * A stream's media once the scenario is over: waits (bounded) until none of the accounts' rows is processing,
 * then reads every row and checks each ready one's original in storage.
 */
export async function settledMedia(accountIds: string[], store: ObjectStore, settleMs = 30_000): Promise<SettledMedia> {
  const read = () => sql<MediaRow>('SELECT id, name, status, ext, filesize, object_id FROM media WHERE account_id = ANY($1)', [accountIds]);
  await waitUntil(async () => (await read()).every((row) => row.status !== 'processing'), settleMs, 500);
  const rows = await read();
  const ready = rows.filter((row) => row.status === 'ready');
  const withoutOriginal: string[] = [];
  for (const row of ready) {
    const stored = await store.head(originalKey(row.object_id ?? row.id, row.ext));
    if (stored?.size !== Number(row.filesize)) withoutOriginal.push(`${row.id}: stored ${stored?.size ?? 'nothing'}, row says ${row.filesize}`);
  }
  return { rows, ready, processing: rows.filter((row) => row.status === 'processing'), withoutOriginal };
}
