import type { Response } from 'express';

/**
 * Post/Redirect/Get: a form that changed something answers 303 to a page the browser then GETs, so a reload
 * asks for that page again instead of posting the form a second time. `done` names what was done; the page
 * shows it through `doneNotice`.
 */
export function seeOther(res: Response, path: string, query: Record<string, string>): void {
  const search = new URLSearchParams(query).toString();
  res.redirect(303, search ? `${path}?${search}` : path);
}

/**
 * The notice a `done` code names, from the page's own fixed list: any other value shows none, since the query
 * string is anyone's to write (a link cannot make the page say what it likes).
 */
export function doneNotice<Code extends string>(notices: Record<Code, string>, done: unknown): string | undefined {
  return typeof done === 'string' && Object.prototype.hasOwnProperty.call(notices, done) ? notices[done as Code] : undefined;
}
