import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { AccountAdminService, AccountView, OperatorKey } from '@app/accounts';
import { OperatorOnly } from '../auth/route-access';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccountChangesSchema, AccountViewSchema, OperatorKeyBodySchema, OperatorKeySchema, RevokedKeySchema } from '../openapi/account-schemas';
import { ApiErrors } from '../openapi/error-schema';
import { ADMIN_AUTH } from '../openapi/openapi-document';

/** SPEC §2's admin API for operators; the admin CLI runs the same AccountAdminService. */
@ApiTags('admin')
@ApiBearerAuth(ADMIN_AUTH)
@Controller('admin/api')
@OperatorOnly()
export class AdminApiController {
  constructor(private readonly admin: AccountAdminService) {}

  @Get('accounts/:email')
  @ApiOperation({ summary: 'An account with its usage and keys (operators)' })
  @ApiAccountEmail()
  @ApiOkResponse({ type: AccountViewSchema })
  @ApiErrors('unauthorized', 'not_found')
  show(@Param('email') email: string): Promise<AccountView> {
    return this.admin.show(email);
  }

  @Patch('accounts/:email')
  @ApiOperation({ summary: 'Change an account’s plan, agent policy or verification (operators)' })
  @ApiAccountEmail()
  @ApiBody({ type: AccountChangesSchema })
  @ApiOkResponse({ type: AccountViewSchema })
  @ApiErrors('unauthorized', 'not_found', 'validation_error')
  update(@Param('email') email: string, @Body() body: unknown): Promise<AccountView> {
    return this.admin.update(email, body);
  }

  @Post('accounts/:email/keys')
  @ApiOperation({ summary: 'Issue a key to an account, without the public caps (operators)' })
  @ApiAccountEmail()
  @ApiBody({ type: OperatorKeyBodySchema, required: false })
  @ApiCreatedResponse({ type: OperatorKeySchema })
  @ApiErrors('unauthorized', 'not_found', 'validation_error')
  @HttpCode(201)
  createKey(@Param('email') email: string, @Body() body: unknown): Promise<OperatorKey> {
    return this.admin.createKey(email, body);
  }

  @Delete('keys/:keyId')
  @ApiOperation({ summary: 'Revoke any key (operators)' })
  @ApiOkResponse({ type: RevokedKeySchema })
  @ApiErrors('unauthorized', 'not_found')
  revokeKey(@Param('keyId') keyId: string): Promise<{ success: true; key_id: string }> {
    return this.admin.revokeKey(keyId);
  }
}

/** Accounts are addressed by their email. */
function ApiAccountEmail(): MethodDecorator {
  return ApiParam({ name: 'email', schema: { type: 'string', format: 'email' } });
}
