import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createObjectStore } from './create-object-store';
import { OBJECT_STORE } from './object-store';

@Global()
@Module({
  providers: [{ provide: OBJECT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createObjectStore(config) }],
  exports: [OBJECT_STORE],
})
export class StorageModule {}
