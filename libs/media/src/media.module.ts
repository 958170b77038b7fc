import { Module } from '@nestjs/common';
import { MediaLifecycleRepository, MediaListRepository, MediaVariantsRepository, StoredObjectsRepository, Transactions } from '@app/db';
import { MediaLifecycle } from './media-lifecycle.service';
import { MediaManagement } from './media-management.service';
import { MediaObjects } from './media-objects';

const PROVIDERS = [Transactions, MediaListRepository, MediaLifecycleRepository, MediaVariantsRepository, StoredObjectsRepository, MediaObjects, MediaLifecycle, MediaManagement];

/** Media rules on the shared DbModule and StorageModule (both global), for the gateway and the worker. */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class MediaModule {}
