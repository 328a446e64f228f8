import type { Database } from '@/lib/db';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';

/**
 * What the benchmark scripts share: the database of a backend under test (the PostgreSQL server
 * of BENCH_DATABASE_URL, which scripts/bench-run.sh starts when unset, or PGlite in memory) and
 * the percentile they report.
 */
export async function openBenchBackend(backend: string, npmScript: string): Promise<Database> {
  if (backend === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!url) throw new Error(`Set BENCH_DATABASE_URL (npm run ${npmScript} starts a throwaway server itself).`);
    // Loads and backfills of a million customers run past the app's statement limit.
    return createPostgresDatabase(url, { max: 4, statementTimeoutMillis: 0 });
  }
  return createPgliteDatabase();
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
