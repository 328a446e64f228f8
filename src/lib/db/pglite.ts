import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { databaseSpan, timeDatabase } from '@/lib/observability/request-timing';
import { lockDataFolder } from './data-folder-lock';
import { guarded } from './errors';
import type { Database, Queryable, SqlParam } from './types';

/** PGlite parses dates into Date objects and numeric into strings; match the server backend. */
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

/** A statement of the adapter: a closed database classified, the time counted for the request (Server-Timing). */
const measured = <T>(operation: () => Promise<T>): Promise<T> => timeDatabase(() => guarded(operation()));

function wrap(target: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await measured(() => target.query<Row>(sql, params as unknown[]));
      return result.rows;
    },
    async exec(sql: string) {
      await measured(() => target.exec(sql));
    },
    copyFrom(sql: string, data: string) {
      return timeDatabase(async () => {
        // PGlite reads COPY input from a Blob mounted at /dev/blob, which only its superuser may
        // read: the copy steps out of the transaction's role for this one statement and back.
        const [{ role } = { role: 'none' }] = (await target.query<{ role: string }>(`select current_setting('role') as role`)).rows;
        await target.query('reset role');
        // On failure the transaction is aborted and cannot restore the role; the COPY's own error is what matters.
        await target.query(sql.replace(/from\s+stdin/i, "from '/dev/blob'"), [], { blob: new Blob([data]) });
        await target.query(`select set_config('role', $1, true)`, [role]);
      });
    },
  };
}

/**
 * Embedded Postgres (WASM). `dataDir` undefined keeps everything in memory (tests); otherwise
 * the folder is created on first use and holds the cluster between runs, and this process holds
 * its lock until close() or exit (a second process gets DatabaseInUseError).
 */
export async function createPgliteDatabase(dataDir?: string): Promise<Database> {
  const release = dataDir ? lockDataFolder(dataDir) : () => {};
  let pg: PGlite;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    pg = await PGlite.create(dataDir, { extensions: { pgcrypto }, parsers });
  } catch (error) {
    release();
    throw error;
  }
  // PGlite has one connection, and every statement or transaction queues for it: the pool
  // gauges show it in use by one operation and the rest waiting.
  let operations = 0;
  const counted = <T>(operation: () => Promise<T>): Promise<T> => {
    operations += 1;
    return operation().finally(() => (operations -= 1));
  };
  const outer = wrap(pg);
  return {
    backend: 'pglite',
    query: (sql, params) => counted(() => outer.query(sql, params)),
    exec: (sql) => counted(() => outer.exec(sql)),
    copyFrom: (sql, data) => counted(() => outer.copyFrom(sql, data)),
    transaction: (work) =>
      counted(() => {
        // Queueing for the connection, BEGIN and COMMIT are database time; the work between its statements is not.
        let endWait = databaseSpan();
        return guarded(
          pg.transaction(async (tx) => {
            endWait();
            const result = await work(wrap(tx));
            endWait = databaseSpan();
            return result;
          }),
        ).finally(() => endWait());
      }),
    poolStats: () => ({ total: 1, idle: operations > 0 ? 0 : 1, waiting: Math.max(0, operations - 1) }),
    close: async () => {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
