/**
 * npm run bench:import — for each size (100k and 1M policy rows by default), on the PostgreSQL
 * server (BENCH_DATABASE_URL, or a throwaway server started by the npm script), through the
 * same pipeline as the upload page (streamed validation and staging, one-transaction commit,
 * insights refresh):
 * 1. a generated export imported into an empty agency;
 * 2. right after, a second export of that size into the same agency, now holding the first
 *    book: half of it the first book's customers again (updates), half new customers.
 * Before each commit the database is analyzed, as autovacuum may do at that moment: the
 * statistics then describe the first file while it waits for its commit, and the agency's book
 * as it was before. A commit whose plans depend on fresh statistics stalls on the second import.
 * Reports rows/s, the time of each phase and in total, and the process's peak RSS, in
 * docs/PERFORMANCE.md. BENCH_IMPORT_SIZES=100000 limits the sizes.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { installDatabase, type Database } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { analyzeSample } from '@/lib/import/analyze';
import { commitImport } from '@/lib/import/commit';
import { LIMITS } from '@/lib/import/file-format';
import { validateImport } from '@/lib/import/validate';
import { bookExportLines, type BookExportOptions } from './book-export';
import { writePerformanceSection } from './performance-doc';

const SERVER = process.env.BENCH_DATABASE_URL;
if (!SERVER) throw new Error('Run through `npm run bench:import` (it starts a PostgreSQL server and sets BENCH_DATABASE_URL).');
// BENCH_IMPORT_SIZES= (empty) only rewrites the report from the saved results.
const SIZES = (process.env.BENCH_IMPORT_SIZES ?? '100000,1000000').split(',').filter(Boolean).map(Number);
const AGENCY = 'b0000000-0000-4000-8000-000000000002';

type Scenario = 'empty agency' | 'right after, into that book';

async function writeExport(file: string, options: BookExportOptions) {
  const out = createWriteStream(file);
  for (const line of bookExportLines(options)) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

interface Result {
  rows: number;
  scenario: Scenario;
  megabytes: number;
  validateSeconds: number;
  commitSeconds: number;
  refreshSeconds: number;
  totalSeconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  baselineRssMb: number;
  customers: number;
  customersUpdated: number;
}

async function importFile(db: Database, file: string, rows: number, scenario: Scenario): Promise<Result> {
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 50);
  const head = readFileSync(file).subarray(0, LIMITS.sampleBytes);
  const analysis = analyzeSample(head, { wholeFile: false });
  const started = performance.now();
  // A whole-file problem throws (an ImportFileError): the benchmark stops there.
  const job = await validateImport(
    {
      agencyId: AGENCY,
      userId: null,
      source: 'cli',
      fileName: path.basename(file),
      mode: 'merge',
      mapping: analysis.mapping,
      dateOrder: analysis.dateOrder.order,
    },
    createReadStream(file, { highWaterMark: 256 * 1024 }),
  );
  if (job.rowsInvalid > 0) throw new Error(`benchmark file did not validate: ${JSON.stringify(job.issueCounts)}`);
  const validated = performance.now();
  // What autovacuum may do while the file waits for its commit (not timed).
  await db.exec('analyze');
  const commitStarted = performance.now();
  let committedAt = 0;
  const committed = await commitImport(job, {
    actorId: null,
    onStep: (step) => void (step === 'record' && (committedAt = performance.now())),
  });
  const finished = performance.now();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (committed.result?.refresh.status !== 'ok') throw new Error(`refresh failed: ${committed.result?.refresh.error}`);
  const totalSeconds = (finished - commitStarted + validated - started) / 1000;
  const result: Result = {
    rows,
    scenario,
    megabytes: statSync(file).size / 2 ** 20,
    validateSeconds: (validated - started) / 1000,
    commitSeconds: (committedAt - commitStarted) / 1000,
    refreshSeconds: (finished - committedAt) / 1000,
    totalSeconds,
    rowsPerSecond: rows / totalSeconds,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    baselineRssMb: baselineRss / 2 ** 20,
    customers: committed.result!.customers.created,
    customersUpdated: committed.result!.customers.updated,
  };
  console.log(JSON.stringify(result));
  return result;
}

async function measure(rows: number): Promise<Result[]> {
  const first = path.join(os.tmpdir(), `bench-import-${rows}.csv`);
  const second = path.join(os.tmpdir(), `bench-import-${rows}-again.csv`);
  if (!existsSync(first)) await writeExport(first, { rows });
  // About rows / 2.5 customers in the first file: the second starts halfway through them.
  if (!existsSync(second)) await writeExport(second, { rows, firstCustomer: Math.round(rows / 5), seed: rows + 1 });
  const name = `bench_import_${rows}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER!);
  url.pathname = `/${name}`;
  const db = createPostgresDatabase(url.toString(), { max: 4, statementTimeoutMillis: 0 });
  installDatabase(db);
  await migrate(db);
  await db.query(`insert into agencies (id, name, slug) values ($1, 'Import benchmark', 'import-benchmark')`, [AGENCY]);
  const results = [await importFile(db, first, rows, 'empty agency'), await importFile(db, second, rows, 'right after, into that book')];
  await db.close();
  if (!process.env.BENCH_KEEP_FILES) for (const file of [first, second]) rmSync(file);
  return results;
}

const RESULTS_FILE = 'docs/performance-results-import.json';
const measured: Result[] = [];
for (const size of SIZES) measured.push(...(await measure(size)));
// Results saved before the second import existed are first imports into an empty agency.
const previous: (Result & { measuredOn: string })[] = existsSync(RESULTS_FILE)
  ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')).map((row: Partial<Result>) => ({
      scenario: 'empty agency',
      customersUpdated: 0,
      ...row,
    }))
  : [];
const today = new Date().toISOString().slice(0, 10);
const sameRun = (a: Result, b: Result) => a.rows === b.rows && a.scenario === b.scenario;
const results = [
  ...previous.filter((old) => !measured.some((row) => sameRun(row, old))),
  ...measured.map((row) => ({ ...row, measuredOn: today })),
].sort((a, b) => a.rows - b.rows || (a.scenario === 'empty agency' ? -1 : 1));
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

const s = (value: number) => value.toFixed(1);
const million = results.find((r) => r.rows === 1_000_000 && r.scenario === 'empty agency');
const verdict = million
  ? million.totalSeconds <= 60
    ? `**Target met:** 1M rows in ${s(million.totalSeconds)} s.`
    : `**Target not met yet:** 1M rows take ${s(million.totalSeconds)} s, not ≤ 60 s.`
  : 'The 1M-row size was not measured in this run.';
writePerformanceSection(
  'bench:import',
  `## CSV import

Measured by \`npm run bench:import\` (last run ${today}): ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}),
Node ${process.version}, PostgreSQL 15 (throwaway local server, fsync off). Each file is a generated
policy-level export (\`scripts/book-export.ts\`: 1–4 policies per customer, 10% organizations with
a contact, \`$1,234.50\` and plain amounts, US and ISO dates) imported through the upload pipeline:
streamed validation and staging (PII sealed), one-transaction commit, insights refresh. Each size
is imported twice: into an empty agency, then right after, a second export of the same size
into that agency (half of it the first book's customers again, half new ones). Before each
commit the database is analyzed, as autovacuum may do at that moment, so the second import
meets statistics that describe the first file and the book before it: the case that stalled
commits until their 10-minute timeout (see "Large commits and planner statistics" below).

Target (SPEC §10): 1M policy rows imported and refreshed in ≤ 60 s, memory bounded.

| policy rows | import | file (MB) | customers created | updated | validate + stage (s) | commit (s) | analyze + refresh (s) | total (s) | rows/s | peak heap (MB) | peak RSS (MB) | RSS before (MB) | measured |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${results
  .map(
    (r) =>
      `| ${r.rows.toLocaleString('en-US')} | ${r.scenario} | ${s(r.megabytes)} | ${r.customers.toLocaleString('en-US')} | ${r.customersUpdated.toLocaleString('en-US')} | ${s(r.validateSeconds)} | ${s(r.commitSeconds)} | ${s(r.refreshSeconds)} | ${s(r.totalSeconds)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} | ${r.peakHeapMb ? Math.round(r.peakHeapMb) : '—'} | ${Math.round(r.peakRssMb)} | ${Math.round(r.baselineRssMb)} | ${r.measuredOn} |`,
  )
  .join('\n')}

${verdict}

Where the time goes at 1M rows on this 2-core machine (the app and PostgreSQL share both cores):
validation is CPU in Node (parsing, cell checks, one AES-GCM seal per distinct person, HMACs,
about 20 µs a row) overlapped with COPY into the staging table in batches of 25,000 rows; the
commit is dominated by inserting the policies (four indexes and the foreign key to customers)
and the customers. What brought 1M rows from 109 s to under a minute: papaparse instead of
csv-parse, time-ordered ids with key-ordered inserts, staging each customer's sealed PII once per
run of rows instead of on every row, larger COPY batches, a cheaper CSV-to-row path, and
whole-file checks that look only at the ids a Bloom filter suspects of repeating. Runs vary by
about ±2 s on this machine. The refresh includes writing every new customer's first tier-history
row (the migration snapshots of issue 5); before it, the commit analyzes the book's three tables
so the refresh and the next import plan on the book as it now is.

The benchmark process runs with a 256 MB V8 heap limit (\`--max-old-space-size=256\`, set by
\`npm run bench:import\`): a pipeline whose memory grew with the file could not finish the 1M-row
file inside it. Rows stream through in batches of 2,000 and the database does the whole-file
work. Peak RSS is the whole process (Node, the pg pool, the parser, buffers V8 has not returned
to the system yet).
`,
);
