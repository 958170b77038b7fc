import { Inject, Injectable } from '@nestjs/common';
import { ORIGINAL_EXTENSIONS } from '@app/formats';
import { OBJECT_STORE, ObjectStore, originalKey, stagingKey, variantPrefix } from '@app/storage';

/** Every object a storage id can own: its staging object, its original (any stored format) and its variants (see StoredObjects). */
@Injectable()
export class MediaObjects {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  /** The keys known without asking storage (variants are listed, see removeAll). */
  fixedKeysOf(mediaId: string): string[] {
    return [stagingKey(mediaId), ...ORIGINAL_EXTENSIONS.map((ext) => originalKey(mediaId, ext))];
  }

  /** Removes only the staging object (the rest is another media's object); resolves with it when it could not be removed. */
  async removeStaging(mediaId: string): Promise<string[]> {
    const key = stagingKey(mediaId);
    return this.store.delete(key).then(
      () => [],
      () => [key],
    );
  }

  /**
   * Removes them all (idempotent: missing objects are fine) and resolves with what could not be removed:
   * keys, or the variant prefix itself when storage could not even list it. Empty when all are gone.
   */
  async removeAll(mediaId: string): Promise<string[]> {
    const prefix = variantPrefix(mediaId);
    const variants = await this.store.list(prefix).then(
      (listed) => listed.map((object) => object.key),
      () => null,
    );
    const keys = [...this.fixedKeysOf(mediaId), ...(variants ?? [])];
    const results = await Promise.allSettled(keys.map((key) => this.store.delete(key)));
    const left = keys.filter((_, i) => results[i].status === 'rejected');
    return variants === null ? [...left, prefix] : left;
  }
}
