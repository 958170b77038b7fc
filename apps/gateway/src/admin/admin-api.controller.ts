import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { AccountAdminService, AccountView, OperatorKey } from '@app/accounts';
import { AdminApiGuard } from './admin-api.guard';

/** SPEC §2's admin API for operators; the admin CLI runs the same AccountAdminService. */
@Controller('admin/api')
@UseGuards(AdminApiGuard)
export class AdminApiController {
  constructor(private readonly admin: AccountAdminService) {}

  @Get('accounts/:email')
  show(@Param('email') email: string): Promise<AccountView> {
    return this.admin.show(email);
  }

  @Patch('accounts/:email')
  update(@Param('email') email: string, @Body() body: unknown): Promise<AccountView> {
    return this.admin.update(email, body);
  }

  @Post('accounts/:email/keys')
  @HttpCode(201)
  createKey(@Param('email') email: string, @Body() body: unknown): Promise<OperatorKey> {
    return this.admin.createKey(email, body);
  }

  @Delete('keys/:keyId')
  revokeKey(@Param('keyId') keyId: string): Promise<{ success: true; key_id: string }> {
    return this.admin.revokeKey(keyId);
  }
}
