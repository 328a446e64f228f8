import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { lockDataFolder } from './data-folder-lock';
import { guarded } from './errors';
import type { Database, Queryable, SqlParam } from './types';

/** PGlite parses dates into Date objects and numeric into strings; match the server backend. */
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

function wrap(target: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await guarded(target.query<Row>(sql, params as unknown[]));
      return result.rows;
    },
    async exec(sql: string) {
      await guarded(target.exec(sql));
    },
    async copyFrom(sql: string, data: string) {
      // PGlite reads COPY input from a Blob mounted at /dev/blob, which only its superuser may
      // read: the copy steps out of the transaction's role for this one statement and back.
      const [{ role } = { role: 'none' }] = (await target.query<{ role: string }>(`select current_setting('role') as role`)).rows;
      await target.query('reset role');
      // On failure the transaction is aborted and cannot restore the role; the COPY's own error is what matters.
      await target.query(sql.replace(/from\s+stdin/i, "from '/dev/blob'"), [], { blob: new Blob([data]) });
      await target.query(`select set_config('role', $1, true)`, [role]);
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
  const outer = wrap(pg);
  return {
    backend: 'pglite',
    ...outer,
    transaction: (work) => guarded(pg.transaction((tx) => work(wrap(tx)))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
