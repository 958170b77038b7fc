import { ImportSource, startImportSource } from './import-source-server';
import { startKeyedService, TestService } from './test-service';

export interface ImportingService {
  service: TestService;
  key: string;
  /** The local site the imports fetch from. */
  source: ImportSource;
  stop(): Promise<void>;
}

/** A keyed test service (one worker) and a local import source that its worker is allowed to fetch from. */
export async function startImportingService(): Promise<ImportingService> {
  const source = await startImportSource();
  // The import sources are local servers on loopback, which only this allow-list lets the worker reach.
  const { service, key } = await startKeyedService({ workers: 1, env: { IMPORT_ALLOWED_CIDRS: '127.0.0.0/8' } }).catch(async (error) => {
    await source.close();
    throw error;
  });
  return {
    service,
    key,
    source,
    stop: async () => {
      await service.stop();
      await source.close();
    },
  };
}
