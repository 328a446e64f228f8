import type { Database, Queryable } from '@/lib/db';

/**
 * The rows a piece of work reads from each of the tables, in a transaction of its own: the
 * transaction's table statistics before and after it (pending statistics are flushed only between
 * transactions, so the difference is the work's). Sequential and index reads both count.
 */
export async function rowsReadBy<T>(
  db: Database,
  tables: string[],
  work: (tx: Queryable) => Promise<T>,
): Promise<{ result: T; read: Record<string, number> }> {
  return db.transaction(async (tx) => {
    const tuples = async () =>
      Object.fromEntries(
        (
          await tx.query<{ relname: string; tuples: number }>(
            `select relname, (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as tuples from pg_stat_xact_user_tables
             where relname = any ($1::text[])`,
            [tables],
          )
        ).map((row) => [row.relname, row.tuples]),
      );
    const before = await tuples();
    const result = await work(tx);
    const after = await tuples();
    return { result, read: Object.fromEntries(tables.map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)])) };
  });
}
