import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RateLimited } from '../rate-limit/rate-limit.guard';
import { CreatedKey, KeysService, parseCreateKeyInput } from './keys.service';

@Controller('v1/keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @HttpCode(201)
  // Counts every request, whatever its outcome, before any other rule (even a body that fails validation).
  @RateLimited('key-creation')
  create(@Body() body: unknown): Promise<CreatedKey> {
    return this.keys.createKey(parseCreateKeyInput(body));
  }
}
