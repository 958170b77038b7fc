import { parse as parseQuery } from 'querystring';
import { parseSrcRequest } from './src-request';

/** What the hand-written reader must agree with: the route's pattern and `querystring`. */
const SRC_PATH = /^\/([a-z0-9]{2})\/([a-z0-9]{8})\.([a-z0-9]{2,5})$/;
function reference(url: string) {
  const queryAt = url.indexOf('?');
  const match = SRC_PATH.exec(queryAt < 0 ? url : url.slice(0, queryAt));
  if (!match || match[1] !== match[2].slice(0, 2)) return null;
  return { id: match[2], ext: match[3], size: queryAt < 0 ? undefined : parseQuery(url.slice(queryAt + 1)).size };
}

describe('parseSrcRequest', () => {
  it.each([
    '/ab/ab12cd34.jpg',
    '/ab/ab12cd34.jpg?size=m',
    '/ab/ab12cd34.webp?size=social',
    '/ab/ab12cd34.jpeg?size=',
    '/ab/ab12cd34.jpg?size',
    '/ab/ab12cd34.jpg?',
    '/ab/ab12cd34.jpg?size=m&size=l',
    '/ab/ab12cd34.jpg?x=1&size=l',
    '/ab/ab12cd34.jpg?size=%6d',
    '/ab/ab12cd34.jpg?s%69ze=m',
    '/ab/ab12cd34.jpg?size=m+',
    '/ab/ab12cd34.jpg?size=a=b',
    '/ab/ab12cd34.jpg?other=m',
    '/ab/ab12cd34.ab',
    '/ab/ab12cd34.abcde',
  ])('reads %s as the pattern and querystring do', (url) => {
    expect(parseSrcRequest(url)).toEqual(reference(url));
    expect(parseSrcRequest(url)).not.toBeNull();
  });

  it.each([
    '/',
    '/health',
    '/cd/ab12cd34.jpg',
    '/AB/AB12CD34.jpg',
    '/ab/ab12cd34.JPG',
    '/ab/ab12cd34.a',
    '/ab/ab12cd34.abcdef',
    '/ab/ab12cd3.jpg',
    '/ab/ab12cd345.jpg',
    '/ab/ab12cd34jpg',
    '/ab/ab12cd34.j%70g',
    '/ab/ab12-d34.jpg',
    '//ab12cd34.jpg',
    '/ab/ab12cd34.jpg/x',
    '/v1/media/ab12cd34',
    'ab/ab12cd34.jpg?size=m',
  ])('leaves %s to the full pipeline', (url) => {
    expect(reference(url)).toBeNull();
    expect(parseSrcRequest(url)).toBeNull();
  });
});
