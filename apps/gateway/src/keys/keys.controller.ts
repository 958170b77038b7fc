import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CreatedKey, KeyRegistrationService, KeysService, KeySummary } from '@app/accounts';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability, Public } from '../auth/route-access';
import type { KeyedCaller } from '../auth/caller';
import { clientIp, RateLimit } from '../rate-limit/rate-limit.guard';
import { parseCreateKeyInput } from './create-key-input';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateKeyBodySchema, CreatedKeySchema, KeyListSchema, RevokedKeySchema } from '../openapi/account-schemas';
import { ApiErrors } from '../openapi/error-schema';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('keys')
@Controller('v1/keys')
export class KeysController {
  constructor(
    private readonly registration: KeyRegistrationService,
    private readonly keys: KeysService,
  ) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an API key (no auth): a new email creates an account (key active, verification mail); a known one gets a pending key its owner approves by mail',
  })
  @ApiBody({ type: CreateKeyBodySchema })
  @ApiCreatedResponse({ type: CreatedKeySchema })
  @ApiErrors('validation_error', 'registration_closed', 'key_limit_reached', 'rate_limited')
  // Counts every request, whatever its outcome, before any other rule (even a body that fails validation).
  @RateLimit('key-creation')
  create(@Body() body: unknown, @Req() req: Request): Promise<CreatedKey> {
    return this.registration.createKey({ ...parseCreateKeyInput(body), requestedIp: clientIp(req) });
  }

  @Get()
  @RateLimit('keyed')
  @Ability('read')
  @ApiOperation({ summary: 'The keys of the caller’s account (read)' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiOkResponse({ type: KeyListSchema })
  @ApiErrors('unauthorized', 'forbidden', 'rate_limited')
  async list(@CurrentCaller() caller: KeyedCaller): Promise<{ data: KeySummary[] }> {
    return { data: await this.keys.list(caller.account.id) };
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke one of the account’s keys (write)' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiOkResponse({ type: RevokedKeySchema })
  @ApiErrors('unauthorized', 'forbidden', 'not_found', 'rate_limited')
  @RateLimit('keyed')
  @Ability('write')
  async revoke(@CurrentCaller() caller: KeyedCaller, @Param('keyId') keyId: string): Promise<{ success: true; key_id: string }> {
    await this.keys.revokeOwn(caller.account.id, keyId);
    return { success: true, key_id: keyId };
  }
}
