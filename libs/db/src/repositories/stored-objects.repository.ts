import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../with-transaction';

/** What a stored original is: the media pointing at it take these details. */
export interface StoredObjectDetails {
  format: string;
  ext: string;
  contentType: string;
  width: number | null;
  height: number | null;
  filesize: number;
}

export interface StoredObject extends StoredObjectDetails {
  id: string;
  accountId: string | null;
}

interface ObjectRow {
  id: string;
  account_id: string | null;
  format: string;
  ext: string;
  content_type: string;
  width: number | null;
  height: number | null;
  filesize: string | number;
}

const OBJECT_COLUMNS = 'id, account_id, format, ext, content_type, width, height, filesize';

// One more media shares the account's live object of these bytes. The row lock orders it with a release: a
// release that took the last reference first leaves refs at 0, which this no longer matches.
const ATTACH = `
  UPDATE stored_objects SET refs = refs + 1
  WHERE account_id = $1 AND sha256 = $2 AND refs > 0
  RETURNING ${OBJECT_COLUMNS}`;

// A new object for bytes no live object of the account holds; nothing when one does (the caller attaches).
const CREATE = `
  INSERT INTO stored_objects (id, account_id, sha256, format, ext, content_type, width, height, filesize, refs)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)
  ON CONFLICT (account_id, sha256) WHERE refs > 0 AND sha256 IS NOT NULL AND account_id IS NOT NULL DO NOTHING
  RETURNING ${OBJECT_COLUMNS}`;

// A media stops pointing at its object. When it was the last, the object's bytes leave the account's counts:
// the original's from the storage used, its variants' from the variant bytes.
const RELEASE = `
  WITH released AS (
    UPDATE stored_objects SET refs = refs - 1 WHERE id = $1 AND refs > 0
    RETURNING id, account_id, filesize, refs
  ), freed AS (
    UPDATE accounts a SET
      storage_used_bytes = GREATEST(a.storage_used_bytes - released.filesize, 0),
      variant_bytes = GREATEST(a.variant_bytes - (SELECT COALESCE(sum(bytes), 0) FROM media_variants WHERE object_id = released.id), 0)
    FROM released WHERE a.id = released.account_id AND released.refs = 0
  )
  SELECT refs FROM released`;

/** The stored originals (and their variants) that media point at: shared by one account's media of the same bytes. */
@Injectable()
export class StoredObjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes one more reference on the account's live object of `sha256`; null when there is none. */
  async attach(tx: Tx, accountId: string, sha256: string): Promise<StoredObject | null> {
    const [rows]: [ObjectRow[], number] = await tx.query(ATTACH, [accountId, sha256]);
    return rows[0] ? toObject(rows[0]) : null;
  }

  /** Records the object `id` stored (one reference); null when the account already has a live object of these bytes. */
  async create(tx: Tx, id: string, accountId: string | null, sha256: string | null, details: StoredObjectDetails): Promise<StoredObject | null> {
    const { format, ext, contentType, width, height, filesize } = details;
    const rows: ObjectRow[] = await tx.query(CREATE, [id, accountId, sha256, format, ext, contentType, width, height, filesize]);
    return rows[0] ? toObject(rows[0]) : null;
  }

  /** Drops one reference; resolves with the references left (0: the object is dead and its bytes were freed), or null if it held none. */
  async release(tx: Tx, id: string): Promise<number | null> {
    const rows: { refs: number }[] = await tx.query(RELEASE, [id]);
    return rows[0] ? rows[0].refs : null;
  }

  /** An object some media still points at: its keys must stay. */
  async isLive(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM stored_objects WHERE id = $1 AND refs > 0', [id]);
    return rows.length > 0;
  }

  /** An object no media points at any more, whose keys are to be removed (then `forgetDead`). */
  async isDead(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM stored_objects WHERE id = $1 AND refs = 0', [id]);
    return rows.length > 0;
  }

  /** Removes a dead object's row once its keys are gone (its variant rows go with it). */
  async forgetDead(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM stored_objects WHERE id = $1 AND refs = 0', [id]);
  }

  /** A live object, for rendering its variants; null when no media points at it any more. */
  async findLive(id: string): Promise<StoredObject | null> {
    const rows: ObjectRow[] = await this.dataSource.query(`SELECT ${OBJECT_COLUMNS} FROM stored_objects WHERE id = $1 AND refs > 0`, [id]);
    return rows[0] ? toObject(rows[0]) : null;
  }
}

function toObject(row: ObjectRow): StoredObject {
  return {
    id: row.id,
    accountId: row.account_id,
    format: row.format,
    ext: row.ext,
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    filesize: Number(row.filesize),
  };
}
