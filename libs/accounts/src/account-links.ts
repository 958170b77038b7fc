import type { AppConfig } from '@app/config';
import { checkSignedLink, LinkCheck, LinkPurpose, signLink } from './signed-link';

export const VERIFY_LINK_TTL_SECONDS = 7 * 86400;
export const UPGRADE_LINK_TTL_SECONDS = 86400;
export const APPROVE_KEY_LINK_TTL_SECONDS = 86400;
export const VERIFY_PATH = '/verify';
export const APPROVE_KEY_PATH = '/keys/approve';
export const upgradePath = (plan: string) => `/upgrade/${plan}`;

export type LinkConfig = Pick<AppConfig, 'signingSecret' | 'webBaseUrl'>;

/** The link of the verification mail: opening it proves the mailbox and verifies the account. */
export function verifyLink(config: LinkConfig, accountId: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, VERIFY_PATH, { purpose: 'verify', subject: accountId }, VERIFY_LINK_TTL_SECONDS, now);
}

/** The `verify` action of API errors, handed to whoever holds a key: opening it only sends the mail. */
export function verifyRequestLink(config: LinkConfig, accountId: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, VERIFY_PATH, { purpose: 'verify-request', subject: accountId }, VERIFY_LINK_TTL_SECONDS, now);
}

/** The owner's link to approve or deny one pending key. */
export function approveKeyLink(config: LinkConfig, keyId: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, APPROVE_KEY_PATH, { purpose: 'approve-key', subject: keyId }, APPROVE_KEY_LINK_TTL_SECONDS, now);
}

export function upgradeLink(config: LinkConfig, accountId: string, plan: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, upgradePath(plan), { purpose: 'upgrade', subject: accountId }, UPGRADE_LINK_TTL_SECONDS, now);
}

/** Checks a link of this service's pages with the configured secret. */
export function readLink(config: LinkConfig, path: string, purposes: readonly LinkPurpose[], query: Record<string, unknown>, now = new Date()): LinkCheck {
  return checkSignedLink(config.signingSecret, path, purposes, query, now);
}
