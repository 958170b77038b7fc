import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notFound, validationError } from '@app/errors';
import { MAX_WEBHOOKS_PER_ACCOUNT, WebhookEndpoints } from '@app/webhooks';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { KeyedCaller } from '../auth/caller';
import { FieldErrorCollector, jsonObjectBody } from '../common/validation';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { ApiErrors } from '../openapi/error-schema';
import { KEY_AUTH } from '../openapi/openapi-document';
import {
  CreatedWebhookSchema,
  CreateWebhookBodySchema,
  DeletedWebhookSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
} from '../openapi/webhook-schemas';
import { parseCreateWebhookInput } from './create-webhook-input';
import { presentDelivery, presentWebhook, WebhookObject } from './webhook-presenter';

export const LIMIT_MESSAGE = `At most ${MAX_WEBHOOKS_PER_ACCOUNT} webhooks per account`;
const webhookNotFound = () => notFound('Webhook not found');

@ApiTags('webhooks')
@ApiBearerAuth(KEY_AUTH)
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhookEndpoints,
  ) {}

  @Post()
  @HttpCode(201)
  @Ability('write')
  @ApiOperation({
    summary: `Add an endpoint that receives media.ready, media.failed and media.deleted, signed per Standard Webhooks; the secret is shown once (write; at most ${MAX_WEBHOOKS_PER_ACCOUNT})`,
  })
  @ApiBody({ type: CreateWebhookBodySchema })
  @ApiCreatedResponse({ type: CreatedWebhookSchema })
  @ApiErrors('unauthorized', 'forbidden', 'validation_error', 'rate_limited')
  @RateLimit('keyed')
  async create(@Body() body: unknown, @Req() req: Request, @CurrentCaller() caller: KeyedCaller) {
    const errors = new FieldErrorCollector();
    const input = parseCreateWebhookInput(jsonObjectBody(body, req, errors), this.config.importAllowedCidrs, errors);
    errors.throwIfAny();
    const created = await this.webhooks.create(caller.account.id, input);
    if ('limitReached' in created) throw validationError({ url: [LIMIT_MESSAGE] });
    const { id, url, events, created_at } = presentWebhook(created.endpoint);
    return { id, url, events, secret: created.secret, created_at };
  }

  @Get()
  @Ability('read')
  @ApiOperation({ summary: 'The account’s webhook endpoints (read)' })
  @ApiOkResponse({ type: WebhookListSchema })
  @ApiErrors('unauthorized', 'forbidden', 'rate_limited')
  @RateLimit('keyed')
  async list(@CurrentCaller() caller: KeyedCaller): Promise<{ data: WebhookObject[] }> {
    return { data: (await this.webhooks.list(caller.account.id)).map(presentWebhook) };
  }

  @Delete(':id')
  @Ability('write')
  @ApiOperation({ summary: 'Remove an endpoint, with its undelivered events and its delivery log (write)' })
  @ApiOkResponse({ type: DeletedWebhookSchema })
  @ApiErrors('unauthorized', 'forbidden', 'not_found', 'rate_limited')
  @RateLimit('keyed')
  async delete(@Param('id') id: string, @CurrentCaller() caller: KeyedCaller): Promise<{ success: true; id: string }> {
    if (!(await this.webhooks.delete(caller.account.id, id))) throw webhookNotFound();
    return { success: true, id };
  }

  @Get(':id/deliveries')
  @Ability('read')
  @ApiOperation({ summary: 'The endpoint’s last 100 delivery attempts, newest first (read)' })
  @ApiOkResponse({ type: WebhookDeliveryListSchema })
  @ApiErrors('unauthorized', 'forbidden', 'not_found', 'rate_limited')
  @RateLimit('keyed')
  async deliveries(@Param('id') id: string, @CurrentCaller() caller: KeyedCaller) {
    const deliveries = await this.webhooks.deliveries(caller.account.id, id);
    if (!deliveries) throw webhookNotFound();
    return { data: deliveries.map(presentDelivery) };
  }
}
