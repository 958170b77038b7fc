import { escapeHtml, KeyChoice, OwnedKey } from '@app/accounts';
import type { AgentPolicy, ApiKeyEntity } from '@app/db';
import { InlineCode } from '../pages/hashed-page';
import { keyTakeBackPrompt } from '../pages/key-take-back-prompt';
import { utcTime } from '../pages/utc-time';
import { csrfField, postButton } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';

/** The copy button: shown only when scripts run (without them the secret's field is there to select). */
export const COPY_SCRIPT = new InlineCode(
  "document.querySelectorAll('button[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){" +
    "var f=document.getElementById(b.getAttribute('data-copy'));f.select();" +
    "(navigator.clipboard?navigator.clipboard.writeText(f.value):Promise.reject()).then(function(){b.textContent='Copied'},function(){document.execCommand('copy');b.textContent='Copied'})})})",
);

const utc = (date: Date | null) => (date ? utcTime(date) : 'never');

const POLICY_SENTENCE: Record<AgentPolicy, string> = {
  open: 'Open: anyone, an agent too, may ask for a key with your email through POST /v1/keys; each such key waits for your approval here before it works.',
  closed: 'Closed: such requests are refused (registration_closed, with a link to this page); only you create keys, here.',
};

export interface KeysView {
  keys: ApiKeyEntity[];
  /** Keys made before the address was proven, not answered for yet: the take-back prompt (and not in the table). */
  toReview: OwnedKey[];
  /** A notice after an action (escaped here). */
  notice?: string;
  /** The secret of a key just created: shown this once. */
  created?: { name: string; secret: string };
}

function keyRow(session: DashboardSession, key: ApiKeyEntity): string {
  const base = `/keys/${encodeURIComponent(key.id)}`;
  const actions =
    key.status === 'pending'
      ? postButton(session, `${base}/approve`, 'Approve') + postButton(session, `${base}/deny`, 'Deny', {}, true)
      : postButton(session, `${base}/revoke`, 'Revoke', {}, true);
  return (
    `<tr><td>${escapeHtml(key.name)}</td><td><code>${escapeHtml(key.id)}</code></td><td class="wide">${escapeHtml(key.abilities.join(', '))}</td>` +
    `<td>${key.status}</td><td class="wide">${utc(key.createdAt)}</td><td class="wide">${utc(key.lastUsedAt)}</td>` +
    `<td class="wide">${escapeHtml(key.requestedIp ?? '—')}</td><td>${actions}</td></tr>`
  );
}

function createdNotice(created: NonNullable<KeysView['created']>): string {
  return (
    `<div class="notice"><p><strong>Key “${escapeHtml(created.name)}” created.</strong> Copy its secret now: it is shown only this once.</p>` +
    `<label for="secret">Secret</label><input id="secret" class="secret" type="text" readonly value="${escapeHtml(created.secret)}"> ` +
    '<button type="button" data-copy="secret" hidden>Copy</button></div>'
  );
}

function choiceButton(session: DashboardSession, key: OwnedKey, choice: KeyChoice): string {
  const base = `/keys/${encodeURIComponent(key.keyId)}`;
  return choice === 'keep' ? postButton(session, `${base}/keep`, 'Keep') : postButton(session, `${base}/revoke`, 'Revoke', {}, true);
}

/** The keys page's body: the take-back prompt, the account's keys with their actions, Create key, the agent policy. */
export function keysPageHtml(session: DashboardSession, view: KeysView): string {
  const live = view.keys.filter((key) => !key.revokedAt && !view.toReview.some((review) => review.keyId === key.id));
  const table = live.length
    ? '<div class="scroll"><table><tr><th>Name</th><th>Key id</th><th class="wide">Abilities</th><th>Status</th><th class="wide">Created</th><th class="wide">Last used</th>' +
      `<th class="wide">Requested from</th><th></th></tr>${live.map((key) => keyRow(session, key)).join('')}</table></div>`
    : view.toReview.length
      ? ''
      : '<p class="muted">This account has no keys yet.</p>';
  const policy = session.account.agentPolicy;
  const other: AgentPolicy = policy === 'open' ? 'closed' : 'open';
  return (
    '<h1>API keys</h1>' +
    (view.notice ? `<p class="notice">${escapeHtml(view.notice)}</p>` : '') +
    (view.created ? createdNotice(view.created) : '') +
    keyTakeBackPrompt(view.toReview, (key, choice) => choiceButton(session, key, choice)) +
    table +
    '<section><h2>Create key</h2><form method="post" action="/keys">' +
    csrfField(session) +
    '<label for="name">Name</label><input id="name" name="name" type="text" maxlength="100" value="Default" required>' +
    '<fieldset><legend>Abilities</legend><input id="read" type="checkbox" name="abilities" value="read" checked> <label for="read">read</label>' +
    '<input id="write" type="checkbox" name="abilities" value="write" checked> <label for="write">write</label></fieldset>' +
    '<button type="submit">Create key</button></form></section>' +
    `<section><h2>Agent policy: ${policy}</h2><p>${escapeHtml(POLICY_SENTENCE[policy])}</p>` +
    postButton(session, '/keys/policy', `Switch to ${other}`, { policy: other }, true) +
    '</section>'
  );
}
