import type { AppConfig } from './app-config';

/** The largest file an upload or import may bring: anonymous callers get less than keyed ones. */
export function maxUploadBytes(config: Pick<AppConfig, 'anonymousMaxBytes' | 'keyedMaxBytes'>, anonymous: boolean): number {
  return anonymous ? config.anonymousMaxBytes : config.keyedMaxBytes;
}
