import { escapeHtml } from '@app/accounts';
import type { FieldErrors } from '@app/errors';
import type { MediaObject } from '../media/media-presenter';
import { csrfField } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';
import { placeholderColour } from '../pages/placeholder-background';

/** The list's own query fields (a page of the grid): kept by every link and form, so an action returns to the same page. */
export const LIST_FIELDS = ['tags', 'namespace', 'cursor', 'limit'] as const;
export type ListFields = Partial<Record<(typeof LIST_FIELDS)[number], string>>;

/** The list fields of a query string or form body; anything else (and a repeated field) is left out. */
export function listFieldsOf(source: Record<string, unknown> | undefined): ListFields {
  const fields: ListFields = {};
  for (const name of LIST_FIELDS) {
    const value = source?.[name];
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  return fields;
}

export function listHref(fields: ListFields): string {
  const given = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const query = new URLSearchParams(given).toString();
  return query ? `/media?${query}` : '/media';
}

/** A media of the grid: what the API shows of it, and where its thumbnail comes from. */
export interface MediaTile {
  media: MediaObject;
  thumbnail: string;
}

export interface MediaListView {
  tiles: MediaTile[];
  filters: ListFields;
  nextCursor: string | null;
  notice?: string;
  /** Filter fields the list could not use (the grid is then empty). */
  errors?: FieldErrors;
}

/** Fixed square boxes (no layout shift while thumbnails load), a grid on wide screens, one column of rows on a phone. */
const GRID_STYLE = `
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:1rem 0 1.5rem}.filters div{flex:1 1 12rem}
.filters input{max-width:none}.filters .go{display:flex;gap:.75rem;align-items:center;flex:0 0 auto}
.grid{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1.25rem}
.tile{display:flex;flex-direction:column;gap:.5rem;min-width:0}
.thumb{display:block;aspect-ratio:1/1;background:#eaeef2;border-radius:10px;overflow:hidden;border:1px solid #d0d7de}
.thumb img{display:block;width:100%;height:100%;object-fit:cover}
.tile h2{font-size:1rem;margin:0;overflow-wrap:anywhere}.tile h2 a{color:#0969da}
.facts{margin:0;color:#656d76;font-size:.85rem}.badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.8rem;font-weight:600;margin-right:.35rem}
.badge.public{background:#dafbe1;color:#116329}.badge.private{background:#fff8c5;color:#7d4e00}
.tags{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem}.tags a{display:inline-block;background:#ddf4ff;color:#0550ae;border-radius:999px;padding:0 .5rem;font-size:.8rem;text-decoration:none;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:auto}.actions button,.actions a.button{padding:.35rem .8rem;font-size:.85rem}
a.button.danger{background:#fff;color:#cf222e;border:1px solid #d0d7de}button.danger{background:#cf222e}a.button.cancel{background:#fff;color:#1f2328;border:1px solid #d0d7de}
.facts a{color:#656d76}
.pages{margin-top:1.5rem}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.confirm{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}.confirm .thumb{width:12rem;flex:0 0 auto}.confirm div{flex:1 1 16rem}
@media (max-width:600px){.grid{grid-template-columns:1fr;gap:1rem}.tile{display:grid;grid-template-columns:6.5rem 1fr;column-gap:.85rem;align-items:start}
.tile .thumb{grid-row:span 4}.filters div{flex-basis:100%}.confirm .thumb{width:100%}}`;

/**
 * The media page's style: the grid, and one rule per placeholder colour (the CSP allows no style
 * attribute, so each colour is a class of this hashed stylesheet).
 */
export function mediaPageStyle(media: MediaObject[]): string {
  const colours = [...new Set(media.map(placeholderColour).filter((colour): colour is string => colour !== undefined))];
  return GRID_STYLE + colours.map((colour) => `\n.bg-${colour.slice(1)}{background:${colour}}`).join('');
}

function thumbnailBox(tile: MediaTile): string {
  const colour = placeholderColour(tile.media);
  // Decorative: the name beside it says what it is.
  return (
    `<span class="thumb${colour ? ` bg-${colour.slice(1)}` : ''}">` +
    `<img src="${escapeHtml(tile.thumbnail)}" alt="" loading="lazy" decoding="async" width="320" height="320"></span>`
  );
}

const dateOf = (unixSeconds: number) =>
  new Date(unixSeconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function expiry(media: MediaObject): string {
  if (media.expires_at === null) return 'Permanent';
  return `Expires <time datetime="${new Date(media.expires_at * 1000).toISOString()}">${dateOf(media.expires_at)}</time>`;
}

function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

function tile(session: DashboardSession, view: MediaListView, { media, thumbnail }: MediaTile): string {
  const name = escapeHtml(media.name || media.id);
  const base = `/media/${encodeURIComponent(media.id)}`;
  const title = media.public ? `<a href="${escapeHtml(media.url)}">${name}</a>` : name;
  const tags = media.tags.length
    ? `<ul class="tags" aria-label="Tags">${media.tags.map((tag) => `<li><a href="${escapeHtml(listHref({ tags: tag }))}">${escapeHtml(tag)}</a></li>`).join('')}</ul>`
    : '';
  const makePublic = !media.public;
  const visibility =
    `<form method="post" action="${base}/visibility">${csrfField(session)}${hiddenFields({ ...view.filters, public: String(makePublic) })}` +
    `<button type="submit">${makePublic ? 'Make public' : 'Make private'}<span class="vh"> ${name}</span></button></form>`;
  const remove = `<a class="button danger" href="${escapeHtml(`${base}/delete${listHref(view.filters).slice('/media'.length)}`)}">Delete<span class="vh"> ${name}</span></a>`;
  return (
    `<li class="tile" id="m-${escapeHtml(media.id)}">${thumbnailBox({ media, thumbnail })}<h2>${title}</h2>` +
    `<p class="facts"><span class="badge ${media.public ? 'public' : 'private'}">${media.public ? 'Public' : 'Private'}</span>${expiry(media)}` +
    `${media.namespace ? ` · namespace <a href="${escapeHtml(listHref({ namespace: media.namespace }))}">${escapeHtml(media.namespace)}</a>` : ''}</p>` +
    `${tags}<div class="actions">${visibility}${remove}</div></li>`
  );
}

function filterForm(view: MediaListView): string {
  const field = (name: 'tags' | 'namespace', label: string, hint: string) => {
    const problems = view.errors?.[name];
    const described = problems ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
    return (
      `<div><label for="${name}">${label}</label><input id="${name}" name="${name}" type="text" value="${escapeHtml(view.filters[name] ?? '')}" placeholder="${hint}"${described}>` +
      (problems ? `<p class="error" id="${name}-error">${escapeHtml(problems.join(' '))}</p>` : '') +
      '</div>'
    );
  };
  return (
    '<form class="filters" method="get" action="/media" role="search" aria-label="Filter media">' +
    field('tags', 'Tag', 'e.g. holiday') +
    field('namespace', 'Namespace', 'e.g. blog-2024') +
    `<p class="go"><button type="submit">Filter</button>${view.filters.tags || view.filters.namespace ? ' <a href="/media">Show all</a>' : ''}</p></form>`
  );
}

function pager(view: MediaListView): string {
  const links: string[] = [];
  if (view.filters.cursor) links.push(`<a href="${escapeHtml(listHref({ ...view.filters, cursor: undefined }))}">First page</a>`);
  if (view.nextCursor) links.push(`<a rel="next" href="${escapeHtml(listHref({ ...view.filters, cursor: view.nextCursor }))}">Next page</a>`);
  return links.length ? `<nav class="pages" aria-label="Pages">${links.join('')}</nav>` : '';
}

/** The media page's body: filters, the grid of the account's media (newest first), the pager. */
export function mediaPageHtml(session: DashboardSession, view: MediaListView): string {
  const filtered = Boolean(view.filters.tags || view.filters.namespace);
  const empty = view.errors
    ? ''
    : filtered
      ? '<p class="muted">No media match these filters.</p>'
      : '<p class="muted">No media yet: upload with <code>POST /v1/upload</code> and a key of this account.</p>';
  return (
    '<h1>Media</h1>' +
    (view.notice ? `<p class="notice" role="status">${escapeHtml(view.notice)}</p>` : '') +
    filterForm(view) +
    (view.tiles.length ? `<ul class="grid">${view.tiles.map((item) => tile(session, view, item)).join('')}</ul>` : empty) +
    pager(view)
  );
}

/** The delete confirmation: what goes, and one POST button (opening this page changes nothing). */
export function deleteConfirmationHtml(session: DashboardSession, item: MediaTile, filters: ListFields): string {
  const name = escapeHtml(item.media.name || item.media.id);
  return (
    `<h1>Delete “${name}”?</h1><div class="confirm">${thumbnailBox(item)}<div>` +
    '<p>The image, every size of it and its link stop working at once, for everyone. This cannot be undone.</p>' +
    `<div class="actions"><form method="post" action="/media/${encodeURIComponent(item.media.id)}/delete">${csrfField(session)}${hiddenFields(filters)}` +
    `<button type="submit" class="danger">Delete for good</button></form> <a class="button cancel" href="${escapeHtml(listHref(filters))}">Cancel</a></div></div></div>`
  );
}
