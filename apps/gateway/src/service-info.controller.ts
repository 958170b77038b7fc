import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiErrors } from './openapi/error-schema';
import { ServiceInfoSchema } from './openapi/service-schemas';
import { Public } from './auth/route-access';

@ApiTags('service')
@Controller()
@Public()
export class ServiceInfoController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Service info: links to the API and its documents' })
  @ApiOkResponse({ type: ServiceInfoSchema })
  @ApiErrors()
  info(): ServiceInfoSchema {
    const { apiBaseUrl: api, webBaseUrl: web } = this.config;
    return {
      name: 'imgpro-media-api',
      api: `${api}/v1`,
      docs: `${web}/api/quick-start`,
      quick_start: `${web}/api/quick-start`,
      openapi: `${api}/openapi.json`,
      reference: `${api}/docs`,
      llms: `${web}/llms.txt`,
      llms_full: `${web}/llms-full.txt`,
      health: `${api}/health`,
    };
  }
}
