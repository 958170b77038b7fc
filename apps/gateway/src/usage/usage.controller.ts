import { Controller, Get, UseGuards } from '@nestjs/common';
import { UsageReport, UsageService } from '@app/accounts';
import { RateLimited } from '../rate-limit/rate-limit.guard';
import { AuthGuard, CurrentCaller, RequiresKey } from '../auth/auth.guard';
import type { KeyedCaller } from '../auth/caller';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UsageSchema } from '../openapi/account-schemas';
import { ApiErrors } from '../openapi/error-schema';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('keys')
@Controller('v1/usage')
@UseGuards(AuthGuard)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @RequiresKey('read')
  @ApiOperation({ summary: 'This month’s uploads and the storage used, with the plan’s limits (read)' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiOkResponse({ type: UsageSchema })
  @ApiErrors('unauthorized', 'forbidden', 'rate_limited')
  @RateLimited('keyed')
  report(@CurrentCaller() caller: KeyedCaller): Promise<UsageReport> {
    return this.usage.report(caller.account);
  }
}
