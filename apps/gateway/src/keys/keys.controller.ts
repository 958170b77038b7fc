import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CreatedKey, KeysService, parseCreateKeyInput } from './keys.service';

@Controller('v1/keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<CreatedKey> {
    return this.keys.createKey(parseCreateKeyInput(body));
  }
}
