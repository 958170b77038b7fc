import { Inject, Injectable } from '@nestjs/common';
import { FORMAT_INFO } from '@app/imaging';
import { OBJECT_STORE, ObjectStore, originalKey, stagingKey } from '@app/storage';

const STORED_EXTENSIONS = [...new Set(Object.values(FORMAT_INFO).map((info) => info.ext))];

/** Every object a media id can own, removed together (idempotent: missing objects are fine). */
@Injectable()
export class MediaObjects {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  keysOf(mediaId: string): string[] {
    return [stagingKey(mediaId), ...STORED_EXTENSIONS.map((ext) => originalKey(mediaId, ext))];
  }

  /** Resolves with the keys that could not be removed (empty when all are gone). */
  async removeAll(mediaId: string): Promise<string[]> {
    const keys = this.keysOf(mediaId);
    const results = await Promise.allSettled(keys.map((key) => this.store.delete(key)));
    return keys.filter((_, i) => results[i].status === 'rejected');
  }
}
