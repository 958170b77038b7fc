import type { AppConfig } from '@app/config';
import { randomBytes } from 'crypto';
import { checkSignedLink, LinkCheck, LinkPurpose, signLink } from './signed-link';

export const VERIFY_LINK_TTL_SECONDS = 7 * 86400;
export const UPGRADE_LINK_TTL_SECONDS = 86400;
export const APPROVE_KEY_LINK_TTL_SECONDS = 86400;
export const SIGN_IN_LINK_TTL_SECONDS = 15 * 60;
export const VERIFY_PATH = '/verify';
export const SIGN_IN_CONFIRM_PATH = '/sign-in/confirm';
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

/**
 * The dashboard's sign-in link for an address: its subject is a fresh nonce (so each link can be used once)
 * and the address, both inside the signed material.
 */
export function signInLink(config: LinkConfig, email: string, now = new Date()): string {
  const subject = `${randomBytes(16).toString('base64url')}.${Buffer.from(email).toString('base64url')}`;
  return signLink(config.signingSecret, config.webBaseUrl, SIGN_IN_CONFIRM_PATH, { purpose: 'sign-in', subject }, SIGN_IN_LINK_TTL_SECONDS, now);
}

/** A valid sign-in link's nonce, address and expiry; undefined for any other link. */
export function readSignInLink(config: LinkConfig, query: Record<string, unknown>, now = new Date()): { nonce: string; email: string; expiresAt: Date } | undefined {
  const check = readLink(config, SIGN_IN_CONFIRM_PATH, ['sign-in'], query, now);
  if (!check.ok) return undefined;
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)$/.exec(check.subject);
  if (!match) return undefined;
  return { nonce: match[1], email: Buffer.from(match[2], 'base64url').toString('utf8'), expiresAt: new Date(Number(query.exp) * 1000) };
}

export function upgradeLink(config: LinkConfig, accountId: string, plan: string, now = new Date()): string {
  return signLink(config.signingSecret, config.webBaseUrl, upgradePath(plan), { purpose: 'upgrade', subject: accountId }, UPGRADE_LINK_TTL_SECONDS, now);
}

/** Checks a link of this service's pages with the configured secret. */
export function readLink(config: LinkConfig, path: string, purposes: readonly LinkPurpose[], query: Record<string, unknown>, now = new Date()): LinkCheck {
  return checkSignedLink(config.signingSecret, path, purposes, query, now);
}
