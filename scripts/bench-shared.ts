import type { Database } from '@/lib/db';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { analyzeSample } from '@/lib/import/analyze';
import { commitImport } from '@/lib/import/commit';
import { LIMITS } from '@/lib/import/file-format';
import { validateImport } from '@/lib/import/validate';
import { bookExportLines } from './book-export';

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

/** The generated export (scripts/book-export.ts) as the upload streams it: chunks of about 64 KB. */
async function* bookExportChunks(rows: number): AsyncGenerator<Buffer> {
  let chunk = '';
  for (const line of bookExportLines({ rows })) {
    chunk += line;
    if (chunk.length >= 64 * 1024) {
      yield Buffer.from(chunk, 'utf8');
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk, 'utf8');
}

/**
 * A generated book of `rows` policy rows (about 2.5 per customer, PII sealed, organizations with
 * contacts) imported into the agency through the app's import pipeline: validate and stage,
 * commit, refresh. The installed database (installDatabase) is the one written to.
 */
export async function importGeneratedBook(agencyId: string, rows: number): Promise<{ customers: number }> {
  let head = Buffer.alloc(0);
  for await (const chunk of bookExportChunks(rows)) {
    head = Buffer.concat([head, chunk]);
    if (head.length >= LIMITS.sampleBytes) break;
  }
  const analysis = analyzeSample(head.subarray(0, LIMITS.sampleBytes), { wholeFile: head.length < LIMITS.sampleBytes });
  const job = await validateImport(
    {
      agencyId,
      userId: null,
      source: 'cli',
      fileName: `generated-${rows}.csv`,
      mode: 'merge',
      mapping: analysis.mapping,
      dateOrder: analysis.dateOrder.order,
    },
    bookExportChunks(rows),
  );
  if (job.rowsInvalid > 0) throw new Error(`the generated book did not validate: ${JSON.stringify(job.issueCounts)}`);
  const committed = await commitImport(job, { actorId: null });
  if (committed.result?.refresh.status !== 'ok') throw new Error(`the refresh after the import failed: ${committed.result?.refresh.error}`);
  return { customers: committed.result.customers.created + committed.result.customers.updated };
}
