import type { Database } from '@/lib/db';
import { analyzeSample } from '@/lib/import/analyze';
import { commitImport } from '@/lib/import/commit';
import type { ColumnMapping } from '@/lib/import/fields';
import { isImportFileError, LIMITS, type ImportFileError } from '@/lib/import/file-format';
import { findImportJob, listImportIssues, type ImportJob, type ImportMode } from '@/lib/import/jobs';
import { validateImport } from '@/lib/import/validate';
import type { DateOrder } from '@/lib/import/values';
import { asService } from '@/lib/db';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, userIdOf, USERS } from './fixtures';

/** A CSV file from rows of cells (quoted where needed), with the line ending agencies' exports use. */
export function csv(rows: (string | number)[][], options: { delimiter?: string; eol?: string } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const quote = (cell: string | number) => {
    const text = String(cell);
    return /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(quote).join(delimiter)).join(options.eol ?? '\r\n') + (options.eol ?? '\r\n');
}

/** Feeds bytes in small chunks, as a network upload arrives. */
export async function* chunked(bytes: Uint8Array, size = 7_000) {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export interface RunOptions {
  db: Database;
  agencyId?: string;
  mode?: ImportMode;
  mapping?: ColumnMapping;
  dateOrder?: DateOrder;
  maxBytes?: number;
  maxRows?: number;
  /** 0: the whole-file checks look at every row instead of the suspected ids. */
  maxSuspects?: number;
  /** The import's day (its checks', its commit's and its refresh's); today when not given. */
  today?: string;
}

/** Validates a file the way the upload page does: sample analysis → mapping → streamed validation; a whole-file problem is returned with its failed job. */
export async function validate(file: string | Uint8Array, options: RunOptions) {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  let mapping = options.mapping;
  let dateOrder = options.dateOrder;
  if (!mapping || !dateOrder) {
    const analysis = analyzeSample(bytes.subarray(0, LIMITS.sampleBytes), { wholeFile: bytes.length <= LIMITS.sampleBytes });
    mapping ??= analysis.mapping;
    dateOrder ??= analysis.dateOrder.order;
  }
  const agencyId = options.agencyId ?? DEMO_AGENCY_ID;
  let job: ImportJob;
  let fileError: ImportFileError | undefined;
  try {
    job = await validateImport(
      {
        agencyId,
        userId: userIdOf(USERS.admin),
        source: 'upload',
        fileName: 'book.csv',
        mode: options.mode ?? 'merge',
        mapping,
        dateOrder,
      },
      chunked(bytes),
      { db: options.db, maxBytes: options.maxBytes, maxRows: options.maxRows, maxSuspects: options.maxSuspects, today: options.today },
    );
  } catch (error) {
    // A whole-file problem: the failed job it names, and the problem, for the tests to look at both.
    if (!isImportFileError(error)) throw error;
    fileError = error;
    job = (await findImportJob(agencyId, String(error.details.facts?.jobId), options.db))!;
  }
  const issues = await asService((tx) => listImportIssues(tx, job.id), options.db);
  return { job, fileError, issues };
}

/** Validates and commits (the valid rows), as an admin who accepts the report. */
export async function importFile(file: string | Uint8Array, options: RunOptions) {
  const validated = await validate(file, options);
  if (validated.fileError) throw validated.fileError;
  const job = await commitImport(validated.job, { actorId: userIdOf(USERS.admin), db: options.db, today: options.today });
  return { validated, job, summary: job.result! };
}

/** Validated (not committed) import jobs for the route tables: one per Demo Agency route that uses one up, one of Second Agency. */
export async function createImportJobs(db: Database) {
  const file = csv([
    ['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'],
    ['J-1', 'JP-1', 'auto', '250.00', '2026-01-01'],
  ]);
  const job = async (agencyId: string) => (await validate(file, { db, agencyId })).job.id;
  return {
    read: await job(DEMO_AGENCY_ID),
    commit: await job(DEMO_AGENCY_ID),
    cancel: await job(DEMO_AGENCY_ID),
    second: await job(SECOND_AGENCY_ID),
  };
}
