import { Controller, Get, UseGuards } from '@nestjs/common';
import { UsageReport, UsageService } from '@app/accounts';
import { AuthGuard, CurrentCaller, RequiresKey } from '../auth/auth.guard';
import type { KeyedCaller } from '../auth/caller';

@Controller('v1/usage')
@UseGuards(AuthGuard)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @RequiresKey('read')
  report(@CurrentCaller() caller: KeyedCaller): Promise<UsageReport> {
    return this.usage.report(caller.account);
  }
}
