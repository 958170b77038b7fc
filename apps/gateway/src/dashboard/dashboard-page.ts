import type { Response } from 'express';
import { escapeHtml } from '@app/accounts';
import { InlineCode } from '../pages/hashed-page';
import { PAGE_STYLE, sendHtmlDocument } from '../pages/html-page';
import type { DashboardSession } from './dashboard-session';

/** Where the dashboard's forms post (each takes an urlencoded body). */
export const DASHBOARD_FORM_PATHS = ['/sign-in', '/sign-out', '/keys', '/media'];

/** The dashboard's pages, in the navigation's order. */
export const DASHBOARD_SECTIONS = [
  { section: 'keys', path: '/keys', label: 'Keys' },
  { section: 'media', path: '/media', label: 'Media' },
  { section: 'usage', path: '/usage', label: 'Usage' },
] as const;

export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number]['section'];

/** The viewer/verify pages' style, wider for tables, one column on a phone, visible focus. */
const STYLE = new InlineCode(
  `${PAGE_STYLE}
body{max-width:60rem;margin:2rem auto}nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin-bottom:1rem}
nav a{color:#0969da;padding:.25rem 0}nav a[aria-current=page]{color:#1f2328;font-weight:600;text-decoration:none;border-bottom:3px solid #0969da}nav .who{margin-left:auto;color:#656d76;font-size:.9rem}
.scroll{overflow-x:auto}label{display:block;margin:.5rem 0 .25rem;font-weight:600}
input[type=email],input[type=text]{font:inherit;padding:.5rem;border:1px solid #d0d7de;border-radius:8px;width:100%;max-width:24rem;box-sizing:border-box}
fieldset{border:0;padding:0;margin:.5rem 0}fieldset label{display:inline;font-weight:400;margin-right:1rem}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}td form{margin:.1rem 0}td button{padding:.3rem .7rem;font-size:.85rem}
.notice{background:#dafbe1;border:1px solid #4ac26b;border-radius:8px;padding:.75rem 1rem}.error{background:#ffebe9;border:1px solid #ff8182;border-radius:8px;padding:.75rem 1rem}
.meter{margin:1rem 0}.meter label{margin-bottom:.25rem}.meter p{margin:.25rem 0}progress{width:100%;max-width:36rem;height:1rem}
.secret{font-family:ui-monospace,monospace;width:100%;max-width:36rem}section{margin-top:2rem}
@media (max-width:600px){body{margin:1rem auto}.card{padding:1rem}th.wide,td.wide{display:none}}`,
);

/** Headers and CSP of every dashboard page: only its style (and its own hashed script) runs, images from here (and the named origins), forms post here only. */
function dashboardCsp(style: InlineCode, script?: InlineCode, imageOrigins: string[] = []): string {
  const scripts = script ? `; script-src ${script.hash}` : '';
  const images = ["'self'", ...new Set(imageOrigins)].join(' ');
  return `default-src 'none'; style-src ${style.hash}; img-src ${images}${scripts}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}

export interface DashboardPage {
  title: string;
  /** Escaped by the caller. */
  bodyHtml: string;
  /** Shows the navigation and the Sign out form. */
  session?: DashboardSession;
  /** The navigation marks this page as the current one. */
  section?: DashboardSection;
  script?: InlineCode;
  /** Rules of this page alone, after the dashboard's (e.g. placeholder colours); hashed with them. */
  pageStyle?: string;
  /** Origins images may come from besides this one (SRC_BASE_URL's). */
  imageOrigins?: string[];
}

/** Hidden field every form of a signed-in page carries. */
export const csrfField = (session: DashboardSession) => `<input type="hidden" name="csrf" value="${escapeHtml(session.csrf)}">`;

/** A one-button form posting to `action` with the session's CSRF token and the given hidden fields. */
export function postButton(session: DashboardSession, action: string, label: string, fields: Record<string, string> = {}, secondary = false): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(action)}">${csrfField(session)}${hidden}<button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button></form>`;
}

function navigation(session: DashboardSession, current?: DashboardSection): string {
  const links = DASHBOARD_SECTIONS.map(({ section, path, label }) => `<a href="${path}"${section === current ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  return (
    `<nav aria-label="Dashboard">${links}` +
    `<span class="who">${escapeHtml(session.account.email)}</span>${postButton(session, '/sign-out', 'Sign out', {}, true)}</nav>`
  );
}

/** Never cached, never framed, no Referer (a sign-in link's query must not leak). */
export function sendDashboardPage(res: Response, status: number, page: DashboardPage): void {
  const style = page.pageStyle ? new InlineCode(STYLE.text + page.pageStyle) : STYLE;
  sendHtmlDocument(res, status, {
    title: `${page.title} · imgpro`,
    bodyHtml: `${page.session ? navigation(page.session, page.section) : ''}<main class="card">${page.bodyHtml}</main>`,
    style: style.text,
    script: page.script?.text,
    csp: dashboardCsp(style, page.script, page.imageOrigins),
    headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  });
}
