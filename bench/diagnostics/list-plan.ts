import { dataSourceOptions, MediaListFilter, MediaListRepository } from '@app/db';
import { DataSource } from 'typeorm';

export interface ListPlan {
  plan: string;
  /** Indexes the plan reads (Index Scan using …, Bitmap Index Scan on …). */
  indexes: string[];
  seqScan: boolean;
  executionMs: number;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the very statement `GET /v1/media` runs for a first page (built by
 * MediaListRepository.pageQuery, with the one extra row the service asks for), after `repeat` runs to warm
 * the cache; the last run is reported.
 */
export async function explainListPage(databaseUrl: string, filter: MediaListFilter, limit: number, repeat = 3): Promise<ListPlan> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
  try {
    const [sql, parameters] = new MediaListRepository(dataSource).pageQuery(filter, null, limit + 1, new Date()).getQueryAndParameters();
    let lines: string[] = [];
    for (let i = 0; i < repeat; i++) {
      const rows: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
      lines = rows.map((row) => row['QUERY PLAN']);
    }
    const plan = lines.join('\n');
    const indexes = [...plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]);
    const execution = /Execution Time: ([\d.]+) ms/.exec(plan);
    return { plan, indexes: [...new Set(indexes)], seqScan: /Seq Scan/.test(plan), executionMs: execution ? Number(execution[1]) : NaN };
  } finally {
    await dataSource.destroy();
  }
}
