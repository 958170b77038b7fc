import { Controller, Get } from '@nestjs/common';
import { UsageReport, UsageService } from '@app/accounts';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { CurrentCaller } from '../auth/auth.guard';
import { Ability } from '../auth/route-access';
import type { KeyedCaller } from '../auth/caller';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UsageSchema } from '../openapi/account-schemas';
import { ApiErrors } from '../openapi/error-schema';
import { KEY_AUTH } from '../openapi/openapi-document';

@ApiTags('keys')
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @Ability('read')
  @ApiOperation({ summary: 'This month’s uploads and the storage used, with the plan’s limits (read)' })
  @ApiBearerAuth(KEY_AUTH)
  @ApiOkResponse({ type: UsageSchema })
  @ApiErrors('unauthorized', 'forbidden', 'rate_limited')
  @RateLimit('keyed')
  report(@CurrentCaller() caller: KeyedCaller): Promise<UsageReport> {
    return this.usage.report(caller.account);
  }
}
