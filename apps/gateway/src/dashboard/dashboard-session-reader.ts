import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DashboardSessions } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { csrfTokenOf, DashboardSession } from './dashboard-session';
import { clearSessionCookie, sessionIdOf } from './session-cookie';

/** Reads the session cookie of a dashboard request; a cookie that names no live session is cleared (signed out). */
@Injectable()
export class DashboardSessionReader {
  constructor(
    private readonly sessions: DashboardSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(req: Request, res: Response): Promise<DashboardSession | undefined> {
    const id = sessionIdOf(req);
    if (!id) return undefined;
    const account = id.length <= 64 ? await this.sessions.accountOf(id) : null;
    if (!account) {
      clearSessionCookie(res, this.config.webBaseUrl);
      return undefined;
    }
    return { id, account, csrf: csrfTokenOf(this.config.signingSecret, id) };
  }
}
