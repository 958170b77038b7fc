import { performance } from 'perf_hooks';
import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const STREAMS = 4;
const UPLOADS_PER_STREAM = 5;
const UNVERIFIED_RETENTION_S = 30 * 86400;

/** One upload as the client saw it: when it was sent and when its 201 arrived. */
interface Sent {
  id: string;
  sentAt: number;
  answeredAt: number;
}

interface ListedMedia {
  id: string;
  created_at: number;
  expires_at: number | null;
}

/** A was created before B for sure when A's answer came back before B was sent. */
const createdBefore = (a: Sent, b: Sent) => a.answeredAt < b.sentAt;

/**
 * Uploads of one account sent as fast as the client can, several at a time, many in the same second: the
 * list orders them by the instant each was created, so newest first holds across pages and a cursor
 * taken in the middle of the burst goes on exactly where it stood.
 */
describe('GET /v1/media after a burst of uploads', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 2 });
    ({ key } = await createKey(service.baseUrl));
  });
  afterAll(() => service?.stop());

  const list = (query: Record<string, string | number>) =>
    request(service.baseUrl).get('/v1/media').query(query).set('Authorization', `Bearer ${key}`);

  async function pageThrough(cursor: string | null): Promise<ListedMedia[]> {
    const seen: ListedMedia[] = [];
    for (let page = 0; page < 50; page++) {
      const response = await list(cursor ? { limit: 3, cursor } : { limit: 3 });
      expect(response.status).toBe(200);
      seen.push(...response.body.data);
      cursor = response.body.pagination.next_cursor;
      if (!cursor) return seen;
    }
    throw new Error('did not reach the last page');
  }

  it('lists 20 uploads sent at once newest first in pages of 3, and a cursor taken mid-burst neither skips nor repeats', async () => {
    const png = await rasterImage('png', 8, 8);
    const sent: Sent[] = [];
    let midBurst: Promise<{ page: ListedMedia[]; cursor: string }> | undefined;
    const takeFirstPage = async () => {
      const response = await list({ limit: 3 });
      expect(response.status).toBe(200);
      return { page: response.body.data as ListedMedia[], cursor: String(response.body.pagination.next_cursor) };
    };
    const stream = async (streamNo: number) => {
      for (let i = 0; i < UPLOADS_PER_STREAM; i++) {
        const sentAt = performance.now();
        const response = await upload(service.baseUrl, png, `burst-${streamNo}-${i}.png`, key);
        const answeredAt = performance.now();
        expect(response.status).toBe(201);
        sent.push({ id: String(response.body.id), sentAt, answeredAt });
        if (sent.length === 6) midBurst = takeFirstPage();
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, (_, streamNo) => stream(streamNo)));
    const { page: firstPage, cursor } = await midBurst!;

    const listed = await pageThrough(null);
    const order = listed.map((media) => media.id);
    expect([...order].sort()).toEqual(sent.map((upload) => upload.id).sort());
    expect(order).toEqual((await list({ limit: 100 })).body.data.map((media: ListedMedia) => media.id));
    const position = new Map(order.map((id, index) => [id, index]));
    const outOfOrder = sent.flatMap((older) =>
      sent.filter((newer) => createdBefore(older, newer) && position.get(newer.id)! > position.get(older.id)!).map((newer) => `${newer.id} after ${older.id}`),
    );
    expect(outOfOrder).toEqual([]);

    for (const media of listed) {
      expect(Number.isInteger(media.created_at)).toBe(true);
      expect(media.expires_at! - media.created_at).toBe(UNVERIFIED_RETENTION_S);
    }

    // The first page, taken while uploads were still arriving, and the pages after its cursor.
    expect(firstPage).toHaveLength(3);
    const rest = (await pageThrough(cursor)).map((media) => media.id);
    const last = sent.find((upload) => upload.id === firstPage[2].id)!;
    expect(rest).toEqual(order.slice(order.indexOf(last.id) + 1));
    const shown = new Set([...firstPage.map((media) => media.id), ...rest]);
    expect(shown.size).toBe(firstPage.length + rest.length);
    // Every upload created before the page's last item follows the cursor; none created after it does.
    const skipped = sent.filter((upload) => createdBefore(upload, last) && !rest.includes(upload.id));
    const newerAfterCursor = sent.filter((upload) => createdBefore(last, upload) && rest.includes(upload.id));
    expect({ skipped, newerAfterCursor }).toEqual({ skipped: [], newerAfterCursor: [] });
  }, 120_000);
});
