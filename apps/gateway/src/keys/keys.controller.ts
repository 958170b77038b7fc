import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CreatedKey, KeyRegistrationService, KeysService, KeySummary } from '@app/accounts';
import { AuthGuard, CurrentCaller, RequiresKey } from '../auth/auth.guard';
import type { KeyedCaller } from '../auth/caller';
import { RateLimited } from '../rate-limit/rate-limit.guard';
import { parseCreateKeyInput } from './create-key-input';

@Controller('v1/keys')
export class KeysController {
  constructor(
    private readonly registration: KeyRegistrationService,
    private readonly keys: KeysService,
  ) {}

  @Post()
  @HttpCode(201)
  // Counts every request, whatever its outcome, before any other rule (even a body that fails validation).
  @RateLimited('key-creation')
  create(@Body() body: unknown): Promise<CreatedKey> {
    return this.registration.createKey(parseCreateKeyInput(body));
  }

  @Get()
  @UseGuards(AuthGuard)
  @RequiresKey('read')
  async list(@CurrentCaller() caller: KeyedCaller): Promise<{ data: KeySummary[] }> {
    return { data: await this.keys.list(caller.account.id) };
  }

  @Delete(':keyId')
  @UseGuards(AuthGuard)
  @RequiresKey('write')
  async revoke(@CurrentCaller() caller: KeyedCaller, @Param('keyId') keyId: string): Promise<{ success: true; key_id: string }> {
    await this.keys.revokeOwn(caller.account.id, keyId);
    return { success: true, key_id: keyId };
  }
}
