import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';

@Controller()
export class ServiceInfoController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  info() {
    return {
      name: 'imgpro-media-api',
      api: `${this.config.apiBaseUrl}/v1`,
      docs: `${this.config.webBaseUrl}/api/quick-start`,
      health: `${this.config.apiBaseUrl}/health`,
    };
  }
}
