import request from 'supertest';

/**
 * A form's answer after it changed something: 303 See Other to a page on the same server (Post/Redirect/Get),
 * which is fetched as the browser would (a GET, with the session cookie if any). Throws on any other answer.
 */
export async function pageAfter(answer: request.Response, baseUrl: string, cookie?: string): Promise<request.Response> {
  const location: string | undefined = answer.headers.location;
  if (answer.status !== 303 || !location?.startsWith('/')) throw new Error(`expected 303 to a page of this server, got ${answer.status} to ${location}`);
  const page = request(baseUrl).get(location);
  return cookie ? page.set('Cookie', cookie) : page;
}
