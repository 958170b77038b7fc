import request from 'supertest';
import { SIGN_IN_CONFIRM_PATH } from '@app/accounts';
import { uniqueEmail } from './api-client';
import { eventually } from './eventually';
import { parsePage } from './html-document';
import { headerOf, linkIn } from './mail-message';
import type { SmtpPeer } from './smtp-peer';

/** A signed-in dashboard user: the session cookie (`name=value`) and the CSRF token its forms carry. */
export interface DashboardUser {
  email: string;
  cookie: string;
  csrf: string;
}

const signInMails = (peer: SmtpPeer, email: string) => peer.received.filter((mail) => mail.to.includes(email) && headerOf(mail.raw, 'Subject') === 'Sign in to imgpro');

/** Asks for a sign-in link and returns the one that arrives at `peer`. */
export async function mailedSignInLink(baseUrl: string, peer: SmtpPeer, email: string): Promise<string> {
  const before = signInMails(peer, email).length;
  const asked = await request(baseUrl).post('/sign-in').type('form').send({ email });
  if (asked.status !== 200) throw new Error(`POST /sign-in answered ${asked.status}`);
  await eventually(() => signInMails(peer, email).length > before, 20_000, `no sign-in mail to ${email}`);
  return linkIn(signInMails(peer, email).at(-1)!.raw, SIGN_IN_CONFIRM_PATH);
}

/** Signs in as a person does: the mailed link, its Sign in button, then the page it leads to. */
export async function signInByMail(baseUrl: string, peer: SmtpPeer, email = uniqueEmail()): Promise<DashboardUser & { location: string }> {
  const link = await mailedSignInLink(baseUrl, peer, email);
  const confirmed = await request(baseUrl).post(SIGN_IN_CONFIRM_PATH).type('form').send(Object.fromEntries(new URL(link).searchParams));
  const setCookie = ([] as string[]).concat(confirmed.headers['set-cookie'] ?? []).find((line) => line.startsWith('imgpro_session='));
  if (confirmed.status !== 303 || !setCookie) throw new Error(`sign-in confirm answered ${confirmed.status}`);
  const cookie = setCookie.split(';')[0];
  const page = await request(baseUrl).get(confirmed.headers.location).set('Cookie', cookie);
  const csrf = parsePage(page.text).root.querySelector('input[name=csrf]')?.getAttribute('value');
  if (!csrf) throw new Error('the signed-in page has no CSRF field');
  return { email, cookie, csrf, location: confirmed.headers.location };
}

/** Creates a key with the dashboard's form; its secret (shown once) and key id. */
export async function createKeyInDashboard(baseUrl: string, user: DashboardUser, name = 'Default'): Promise<{ key: string; keyId: string }> {
  const created = await request(baseUrl).post('/keys').set('Cookie', user.cookie).type('form').send({ csrf: user.csrf, name, abilities: ['read', 'write'] });
  const root = parsePage(created.text).root;
  const key = root.querySelector('#secret')?.getAttribute('value');
  const row = root.querySelectorAll('tr').find((tr) => tr.querySelector('td')?.text === name);
  if (created.status !== 200 || !key || !row) throw new Error(`creating a key in the dashboard answered ${created.status}`);
  return { key, keyId: row.querySelector('code')!.text };
}
