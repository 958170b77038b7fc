import type { AppConfig } from '@app/config';
import { signLink } from './signed-link';

export const VERIFY_LINK_TTL_SECONDS = 7 * 86400;
export const UPGRADE_LINK_TTL_SECONDS = 86400;
export const VERIFY_PATH = '/verify';
export const upgradePath = (plan: string) => `/upgrade/${plan}`;

type LinkConfig = Pick<AppConfig, 'signingSecret' | 'webBaseUrl'>;

/** The account id is the token: opaque to the reader, meaningful only with a valid signature. */
export function verifyLink(config: LinkConfig, accountId: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, VERIFY_PATH, accountId, VERIFY_LINK_TTL_SECONDS, now);
}

export function upgradeLink(config: LinkConfig, accountId: string, plan: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, upgradePath(plan), accountId, UPGRADE_LINK_TTL_SECONDS, now);
}
