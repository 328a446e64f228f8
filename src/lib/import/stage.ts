import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';
import { asService, type Database } from '@/lib/db';
import { todayIso } from '@/lib/segmentation/dates';
import { FIELD_KEYS, REQUIRED_FIELDS, fieldByKey, type ColumnMapping, type FieldKey } from './fields';
import {
  csvConfig,
  decodeSample,
  detectDelimiter,
  detectEncoding,
  ImportFileError,
  LIMITS,
  type Delimiter,
  type FileEncoding,
} from './file-format';
import { byteCounter, decodedText, readHead } from './file-text';
import { IssueLog, type IssueCounts, type JobRef } from './issue-log';
import { PiiSealer } from './pii-sealer';
import { validateRow, type ColumnIndexes, type ImportRow, type RowIssue, type RowReading } from './row';
import { STAGED_COLUMNS, stagedRowsCopyText, type StagedRow } from './staged-rows';
import { SuspectTracker, type Suspects } from './suspects';
import type { DateOrder } from './values';

/**
 * Validation while the file streams in: bytes → text (file-text.ts guards it) → papaparse → row
 * checks (row.ts) → valid rows sealed (pii-sealer.ts) and staged in batches (staged-rows.ts),
 * issues into the report (issue-log.ts). This module only runs that pipeline: it reads the header,
 * numbers rows as a spreadsheet does and decides when a batch is written. Memory stays flat
 * whatever the file size: one batch of rows, a capped issue list and a capped PII cache. Checks
 * that need the whole file then run in SQL over the staged rows (whole-file-checks.ts).
 */
export interface StageOptions {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  maxBytes?: number;
  maxRows?: number;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  /** Suspected ids kept for the whole-file checks (see suspects.ts); tests lower it. */
  maxSuspects?: number;
  /** The day the file is checked (YYYY-MM-DD, today by default): what "cancelled in the past" means. Tests pass other days. */
  today?: string;
  db?: Database;
}

export interface StageResult {
  encoding: FileEncoding;
  delimiter: Delimiter;
  suspects: Suspects;
  bytes: number;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  warnings: number;
  issueCounts: IssueCounts;
}

const BATCH_ROWS = 25_000;
const COPY_STAGED_ROWS = `copy private.import_staged_rows (${STAGED_COLUMNS.join(', ')}) from stdin`;

/** Resolves the mapping (field → header name) to column indexes, or says what is missing. */
function resolveColumns(headers: string[], mapping: ColumnMapping): ColumnIndexes {
  if (headers.length > LIMITS.maxColumns) {
    throw new ImportFileError(
      'too-many-columns',
      `The header has ${headers.length.toLocaleString('en-US')} columns; a book-of-business file has at most ${LIMITS.maxColumns}.`,
    );
  }
  const columns: ColumnIndexes = {};
  const unknown: string[] = [];
  for (const field of FIELD_KEYS) {
    const header = mapping[field];
    if (!header) continue;
    const index = headers.indexOf(header);
    if (index === -1) unknown.push(`"${header.slice(0, 60)}" (for ${fieldByKey(field).label})`);
    else columns[field] = index;
  }
  if (unknown.length) throw new ImportFileError('unknown-column', `The file has no column ${unknown.join(', ')}.`);
  const missing = REQUIRED_FIELDS.filter((field) => columns[field] === undefined);
  if (missing.length) {
    throw new ImportFileError(
      'missing-columns',
      // The file's own headers are not repeated: without a header row they would be a customer's details.
      `Required column${missing.length > 1 ? 's' : ''} not found: ${missing.map((field) => fieldByKey(field).label).join(', ')}. Choose the file's column for ${missing.length > 1 ? 'each' : 'it'} in the mapping step.`,
    );
  }
  return columns;
}

/**
 * The end of the parsing pipeline: records arrive in batches (writev), are handled synchronously,
 * and the stream waits only when a batch must be written. Consuming records one promise at a
 * time (for await) cost more than validating them.
 */
function recordSink(handle: (record: string[]) => void, afterBatch: () => Promise<void> | undefined): Writable {
  const done = (callback: (error?: Error | null) => void) => {
    const waiting = afterBatch();
    if (waiting) waiting.then(() => callback(), callback);
    else callback();
  };
  return new Writable({
    objectMode: true,
    highWaterMark: 1_000,
    write(record: string[], _encoding, callback) {
      try {
        handle(record);
      } catch (error) {
        return callback(error as Error);
      }
      done(callback);
    },
    writev(chunks, callback) {
      try {
        for (const { chunk } of chunks) handle(chunk as string[]);
      } catch (error) {
        return callback(error as Error);
      }
      done(callback);
    },
  });
}

export async function stageFile(job: JobRef, source: AsyncIterable<Uint8Array>, options: StageOptions): Promise<StageResult> {
  const maxRows = options.maxRows ?? LIMITS.maxRows;
  const counter = byteCounter(options.maxBytes ?? LIMITS.maxBytes);
  const iterator = source[Symbol.asyncIterator]();
  const head = await readHead(iterator, counter);
  if (head.length === 0) throw new ImportFileError('empty-file', 'The file is empty.');
  const encoding = detectEncoding(head);
  const delimiter = detectDelimiter(decodeSample(head, encoding));

  const issues = new IssueLog();
  const sealer = new PiiSealer(job.agencyId);
  let columns: ColumnIndexes | undefined;
  let mappedFields: FieldKey[] = [];
  let headerLength = 0;
  let rowsTotal = 0;
  let rowsInvalid = 0;
  // Data records including blank lines, so row numbers match what a spreadsheet shows.
  let dataRecords = 0;
  let headerRow = 0;
  let batch: StagedRow[] = [];

  // One batch is written while the next is parsed: the database and the parser use both cores.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const data = stagedRowsCopyText(job.id, batch, sealer);
    batch = [];
    await writing;
    const progress = { bytes: counter.bytes, rows: rowsTotal };
    writing = asService(async (tx) => {
      if (data) await tx.copyFrom(COPY_STAGED_ROWS, data);
      await issues.flush(tx, job);
    }, options.db).then(() => options.onProgress?.(progress));
    // A failed write must surface even if no later flush awaits it.
    writing.catch(() => {});
  };

  const suspects = new SuspectTracker(maxRows, options.maxSuspects);
  const reading: RowReading = { dateOrder: options.dateOrder, today: options.today ?? todayIso() };

  /** One CSV record: the header, a blank line, or a data row to check and stage. Synchronous. */
  const handleRecord = (record: string[]) => {
    counter.charactersAtLastRow = counter.charactersIn;
    if (!columns) {
      headerRow += 1;
      // Blank lines before the header are skipped, as the analysis step does.
      if (record.every((cell) => cell.trim() === '')) return;
      const headers = record.map((header) => header.trim());
      columns = resolveColumns(headers, options.mapping);
      mappedFields = Object.keys(columns) as FieldKey[];
      headerLength = headers.length;
      return;
    }
    dataRecords += 1;
    // Spreadsheet numbering: the header is row 1 (or lower, after blank lines).
    const rowNumber = headerRow + dataRecords;
    if (record.every((cell) => cell.trim() === '')) return;
    rowsTotal += 1;
    if (rowsTotal > maxRows) {
      throw new ImportFileError(
        'too-many-rows',
        `The file has more than ${maxRows.toLocaleString('en-US')} rows. Split it into smaller files.`,
      );
    }
    // Ids of an invalid row are kept only when its cells line up with the header: in a row with
    // the wrong number of fields they are shifted, and could be anything (even a name).
    const aligned = record.length === headerLength;
    let result: { row: ImportRow | null; issues: RowIssue[] };
    if (!aligned) {
      const message = `Row has ${record.length.toLocaleString('en-US')} fields; the header has ${headerLength}.`;
      result = { row: null, issues: [{ field: null, severity: 'error', code: 'field-count', message, value: null }] };
    } else {
      result = validateRow(record, columns, reading, mappedFields);
    }
    for (const issue of result.issues) {
      issues.add({ ...issue, rowNumber, column: issue.field ? (options.mapping[issue.field]?.slice(0, 100) ?? null) : null });
    }
    if (!result.row) rowsInvalid += 1;
    else suspects.note(result.row);
    const idCell = (field: FieldKey) =>
      aligned && columns![field] !== undefined ? record[columns![field]!]?.trim().slice(0, 100) || null : null;
    batch.push({
      rowNumber,
      row: result.row,
      customerExternalId: result.row ? null : idCell('customer_id'),
      policyExternalId: result.row ? null : idCell('policy_id'),
    });
  };

  // Blank lines come through as records, so row numbers match what a spreadsheet shows.
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { ...csvConfig(delimiter), skipEmptyLines: false });
  try {
    await pipeline(
      // One chunk of text ahead at most: keeps the runaway-quote guard's measure tight.
      Readable.from(decodedText(head, iterator, encoding, counter), { highWaterMark: 1 }),
      parser,
      recordSink(handleRecord, () => (batch.length >= BATCH_ROWS ? flush() : undefined)),
    );
  } catch (error) {
    // Stop reading the upload (the client learns at once), and let the batch in flight land
    // before the caller cleans up the job's staged rows.
    await iterator.return?.();
    await writing.catch(() => {});
    throw error;
  }
  if (!columns) throw new ImportFileError('no-header', 'The file has no header row.');
  if (rowsTotal === 0) throw new ImportFileError('no-rows', 'The file has a header but no data rows.');
  await flush();
  await writing;
  // The planner learns of these rows now, not when autovacuum gets to them (PGlite: never): the
  // whole-file checks and the commit join them, and a job that the statistics say does not
  // exist is joined row by row against itself (a 200,000-row commit ran into its timeout).
  await asService((tx) => tx.query('select private.analyze_import_staging()'), options.db);
  return {
    encoding,
    delimiter,
    bytes: counter.bytes,
    rowsTotal,
    rowsValid: rowsTotal - rowsInvalid,
    rowsInvalid,
    warnings: issues.warnings,
    issueCounts: issues.counts,
    suspects: suspects.result(),
  };
}
