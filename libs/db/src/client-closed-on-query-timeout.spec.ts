import { once } from 'events';
import { DatabaseProxy, startDatabaseProxy } from '../../../test/harness/database-proxy';
import { ClientClosedOnQueryTimeout } from './client-closed-on-query-timeout';

const QUERY_TIMEOUT_MS = 300;

/** A real database behind a TCP proxy that can make one connection go silent for good (stallAnswersTo). */
describe('ClientClosedOnQueryTimeout', () => {
  let database: DatabaseProxy;
  let client: ClientClosedOnQueryTimeout;

  beforeAll(async () => {
    database = await startDatabaseProxy();
  });
  beforeEach(async () => {
    database.proxy.heal();
    client = new ClientClosedOnQueryTimeout({ connectionString: database.url, query_timeout: QUERY_TIMEOUT_MS });
    await client.connect();
  });
  afterEach(async () => {
    await client.end().catch(() => undefined);
  });
  afterAll(async () => {
    await database.proxy.close();
  });

  it('closes itself when a query (promise form) times out, failing the query queued behind it at once', async () => {
    database.proxy.stallAnswersTo('silent_query');
    const ended = once(client, 'end');
    const timedOut = client.query('SELECT 1 AS silent_query');
    // Its own timeout is far off: it fails because the client closed.
    const queued = client.query({ text: 'SELECT 2', query_timeout: 60_000 });
    await expect(timedOut).rejects.toThrow('Query read timeout');
    await ended;
    await expect(queued).rejects.toThrow(/Connection terminated/);
  });

  it('closes itself when a query (callback form) times out', async () => {
    database.proxy.stallAnswersTo('silent_query');
    const ended = once(client, 'end');
    const error = await new Promise((resolve) => client.query('SELECT 1 AS silent_query', [], (queryError: Error) => resolve(queryError)));
    expect(error).toEqual(new Error('Query read timeout'));
    await ended;
  });

  it('stays open when a query fails for another reason', async () => {
    await expect(client.query('SELECT no_such_column FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
