import { Module } from '@nestjs/common';
import { AccountAdminService } from './account-admin.service';
import { AccountWrites } from './account-writes';
import { DashboardSessions } from './dashboard-sessions.service';
import { KeyTakeBack } from './key-take-back.service';
import { KeyUseRecorder } from './key-use-recorder';
import { KeysService } from './keys.service';
import { UsageService } from './usage.service';

const SERVICES = [AccountWrites, UsageService, KeysService, KeyUseRecorder, AccountAdminService, DashboardSessions, KeyTakeBack];

/** Account rules shared by the gateway, the workers and the admin CLI; repositories come from DbModule. */
@Module({ providers: SERVICES, exports: SERVICES })
export class AccountsModule {}
