import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';
import { asService, type Database, type Queryable } from '@/lib/db';
import { copyValue } from '@/lib/db/types';
import { contactKey, piiDigest, storedPii, type PersonPii } from '@/lib/pii/cipher';
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
import { validateRow, type ColumnIndexes, type ImportRow, type RowIssue } from './row';
import { SeenFilter } from './seen-filter';
import type { DateOrder } from './values';

/**
 * Validation while the file streams in: bytes → text (UTF-8 or Windows-1252) → papaparse →
 * row checks → valid rows sealed (PII encrypted) and staged in batches. Memory stays flat
 * whatever the file size: one batch of rows, a capped issue list and a capped PII cache. Checks
 * that need the whole file (a policy id given twice with different data, conflicting customer
 * details) then run in SQL over the staged rows.
 */
export interface StageOptions {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  maxBytes?: number;
  maxRows?: number;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  /** Suspected ids kept for the whole-file checks (see StageResult.suspects); tests lower it. */
  maxSuspects?: number;
  db?: Database;
}

export interface StageResult {
  encoding: FileEncoding;
  delimiter: Delimiter;
  /**
   * What the whole-file checks must look at: the policy ids that may be on two valid rows, and the
   * customers that may reappear or change details between their rows ('all' past a few thousand).
   * A Bloom filter and the current run of rows decide it, so a clean million-row file needs no
   * full pass; an id it wrongly suspects only costs a look at that id.
   */
  suspects: { policies: string[] | 'all'; customers: string[] | 'all' };
  bytes: number;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  warnings: number;
  issueCounts: Record<string, { severity: RowIssue['severity']; rows: number }>;
}

const BATCH_ROWS = 25_000;
/** Issues kept with row details per job; beyond this only their counts (by code) are kept. */
export const MAX_STORED_ISSUES = 1_000;
const PII_CACHE_ENTRIES = 20_000;
/** Ids kept for the whole-file checks to look at; beyond this they look at every row. */
const MAX_SUSPECTS = 10_000;

interface Job {
  id: string;
  agencyId: string;
}

interface PendingIssue extends RowIssue {
  rowNumber: number | null;
  column: string | null;
}

/** Stores issues of a job's report, clamped to what the table holds (values are already masked). */
export async function insertImportIssues(
  tx: Queryable,
  job: Job,
  issues: { rowNumber: number | null; column: string | null; severity: string; code: string; message: string; value: string | null }[],
) {
  await tx.query(
    `insert into public.import_job_issues (agency_id, job_id, row_number, column_name, severity, code, message, value)
     select $1, $2, * from unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      job.agencyId,
      job.id,
      issues.map((issue) => issue.rowNumber),
      issues.map((issue) => issue.column?.slice(0, 100) ?? null),
      issues.map((issue) => issue.severity),
      issues.map((issue) => issue.code),
      issues.map((issue) => issue.message.slice(0, 500)),
      issues.map((issue) => issue.value?.slice(0, 120) ?? null),
    ],
  );
}

/** Collects issues: every one counted by code, the first MAX_STORED_ISSUES kept in detail. */
class IssueLog {
  readonly counts: StageResult['issueCounts'] = {};
  private pending: PendingIssue[] = [];
  private stored = 0;
  warnings = 0;

  add(issue: PendingIssue) {
    const count = (this.counts[issue.code] ??= { severity: issue.severity, rows: 0 });
    count.rows += 1;
    if (issue.severity === 'warning') this.warnings += 1;
    if (this.stored + this.pending.length < MAX_STORED_ISSUES) this.pending.push(issue);
  }

  async flush(tx: Queryable, job: Job) {
    if (this.pending.length === 0) return;
    const issues = this.pending;
    this.pending = [];
    this.stored += issues.length;
    await insertImportIssues(tx, job, issues);
  }
}

/**
 * Seals PII once per distinct person: a customer's details repeat on each of its policy rows,
 * and AES-GCM per row would dominate a large import. The cache is keyed by the HMAC digest, so
 * it never holds plaintext, and it is simply emptied when full.
 */
class PiiSealer {
  private cache = new Map<string, SealedCopy>();
  /** The previous row's person per table: a customer's rows usually follow one another. */
  private last = {
    customer: { owner: '', pii: null as PersonPii | null, copy: NO_SEALED_COPY },
    contact: { owner: '', pii: null as PersonPii | null, copy: NO_SEALED_COPY },
  };
  constructor(private readonly agencyId: string) {}

  /**
   * The person's sealed columns (key id, ciphertext, email index, digest) as COPY text. When the
   * same customer's previous row had the same person, only the digest is staged: the commit takes
   * PII from a customer's first row that has it, so repeating the ciphertext on every policy row
   * would only double the bytes staged (a million-row import staged half a gigabyte that way).
   */
  sealedCopyColumns(pii: PersonPii, table: 'customer' | 'contact', owner: string): string {
    const last = this.last[table];
    const samePerson = last.pii && last.pii.name === pii.name && last.pii.email === pii.email && last.pii.phone === pii.phone;
    if (samePerson && last.owner === owner) return last.copy.digestOnly;
    if (!samePerson) last.copy = this.sealDistinct(pii, table);
    last.pii = pii;
    last.owner = owner;
    return last.copy.full;
  }

  private sealDistinct(pii: PersonPii, table: 'customer' | 'contact'): SealedCopy {
    const digest = piiDigest(pii);
    if (!digest) return NO_SEALED_COPY;
    // The digest is cheap (HMAC) and decides the cache key; sealing (AES-GCM) happens on a miss only.
    const key = `${table}:${digest.toString('hex')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const stored = storedPii(pii, table, this.agencyId, undefined, digest);
    const copy = {
      full: [stored.keyId, stored.ciphertext, stored.emailIndex, stored.digest].map(copyValue).join('\t'),
      digestOnly: [null, null, null, stored.digest].map(copyValue).join('\t'),
    };
    if (this.cache.size >= PII_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, copy);
    return copy;
  }
}

interface SealedCopy {
  full: string;
  digestOnly: string;
}

const NO_PII_COPY = [null, null, null, null].map(copyValue).join('\t');
const NO_SEALED_COPY: SealedCopy = { full: NO_PII_COPY, digestOnly: NO_PII_COPY };

interface StagedRow {
  rowNumber: number;
  row: ImportRow | null;
  /** Ids of an invalid row, kept so replace mode knows the file mentions that policy. */
  customerExternalId: string | null;
  policyExternalId: string | null;
}

const STAGED_COLUMNS = `job_id, row_number, valid, customer_external_id, customer_kind, pii_key_id, pii_ciphertext, email_blind_index,
  pii_digest, contact_key, contact_pii_key_id, contact_pii_ciphertext, contact_email_blind_index, contact_pii_digest,
  contact_role, contact_is_primary, policy_external_id, line_of_business, annual_premium, effective_date, expiration_date, status`;

/** The batch as COPY text: one line per row, PII sealed. */
function stagedRowsCopyText(job: Job, rows: StagedRow[], sealer: PiiSealer): string {
  const lines: string[] = [];
  for (const staged of rows) {
    const row = staged.row;
    if (!row) {
      // An invalid row keeps only its ids (see the migration): 22 columns, the rest null.
      const columns: (string | number | boolean | null)[] = [
        job.id,
        staged.rowNumber,
        false,
        staged.customerExternalId,
        ...Array(12).fill(null),
      ];
      lines.push([...columns, staged.policyExternalId, ...Array(5).fill(null)].map(copyValue).join('\t'));
      continue;
    }
    lines.push(
      [
        copyValue(job.id),
        staged.rowNumber,
        't',
        copyValue(row.customerExternalId),
        copyValue(row.customerKind),
        sealer.sealedCopyColumns(row.customer, 'customer', row.customerExternalId),
        copyValue(contactKey(row.contact)),
        sealer.sealedCopyColumns(row.contact, 'contact', row.customerExternalId),
        copyValue(row.contactRole),
        copyValue(row.contactIsPrimary),
        copyValue(row.policyExternalId),
        copyValue(row.lineOfBusiness),
        row.annualPremium,
        row.effectiveDate,
        copyValue(row.expirationDate),
        row.status,
      ].join('\t'),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

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

interface ByteCounter {
  bytes: number;
  maxBytes: number;
  /** Characters handed to the parser, and how many had been when it last gave back a row. */
  charactersIn: number;
  charactersAtLastRow: number;
}

/**
 * A quote that is never closed makes the parser hold everything after it as one field, up to the
 * whole file. The text fed ahead of the last row that came back is bounded by the stream buffers
 * (one chunk of text, a few rows), so more than this means one runaway row.
 */
const MAX_CHARACTERS_IN_PARSER = 3 * LIMITS.maxRowCharacters;

function countCharacters(counter: ByteCounter, text: string): string {
  counter.charactersIn += text.length;
  if (counter.charactersIn - counter.charactersAtLastRow > MAX_CHARACTERS_IN_PARSER) {
    throw new ImportFileError(
      'row-too-long',
      `A row is longer than ${LIMITS.maxRowCharacters.toLocaleString('en-US')} characters: a quoted field is probably never closed.`,
    );
  }
  return text;
}

function countBytes(counter: ByteCounter, chunk: Uint8Array) {
  counter.bytes += chunk.length;
  if (counter.bytes > counter.maxBytes) {
    throw new ImportFileError(
      'file-too-large',
      `The file is larger than ${Math.round(counter.maxBytes / 1024 / 1024)} MB. Split it into smaller files.`,
      413,
    );
  }
}

/** Reads the first bytes (the sample the encoding and delimiter are decided from). */
async function readHead(source: AsyncIterator<Uint8Array>, counter: ByteCounter): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < LIMITS.sampleBytes) {
    const next = await source.next();
    if (next.done) break;
    countBytes(counter, next.value);
    chunks.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(chunks);
}

/** The rest of the file as text, checked on the way for size and binary content. */
async function* decodedText(head: Buffer, rest: AsyncIterator<Uint8Array>, encoding: FileEncoding, counter: ByteCounter) {
  // Fatal: a file that turns out not to be UTF-8 after its first bytes (a Windows-1252 "é" deep in
  // an otherwise ASCII file) is refused, not read with replacement characters in its names.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFileError(
        'encoding',
        `The file is not valid UTF-8 after its first ${(counter.bytes / 1024 / 1024).toFixed(1)} MB (it mixes encodings). Save it as "CSV UTF-8" and upload it again.`,
      );
    }
  };
  yield countCharacters(counter, decode(head));
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    countBytes(counter, next.value);
    if (next.value.includes(0))
      throw new ImportFileError('binary', 'The file contains binary data (NUL bytes), so it is not a CSV text file.');
    yield countCharacters(counter, decode(next.value));
  }
  yield countCharacters(counter, decode());
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

export async function stageFile(job: Job, source: AsyncIterable<Uint8Array>, options: StageOptions): Promise<StageResult> {
  const maxRows = options.maxRows ?? LIMITS.maxRows;
  const counter: ByteCounter = { bytes: 0, maxBytes: options.maxBytes ?? LIMITS.maxBytes, charactersIn: 0, charactersAtLastRow: 0 };
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
    const data = stagedRowsCopyText(job, batch, sealer);
    batch = [];
    await writing;
    const progress = { bytes: counter.bytes, rows: rowsTotal };
    writing = asService(async (tx) => {
      if (data) await tx.copyFrom(`copy private.import_staged_rows (${STAGED_COLUMNS}) from stdin`, data);
      await issues.flush(tx, job);
    }, options.db).then(() => options.onProgress?.(progress));
    // A failed write must surface even if no later flush awaits it.
    writing.catch(() => {});
  };

  const maxSuspects = options.maxSuspects ?? MAX_SUSPECTS;
  const policiesSeen = new SeenFilter(maxRows);
  const customersSeen = new SeenFilter(maxRows);
  const suspects = { policies: new Set<string>(), customers: new Set<string>() };
  const suspect = (kind: 'policies' | 'customers', id: string) => {
    if (suspects[kind].size <= maxSuspects) suspects[kind].add(id);
  };
  let run: { customer: string; details: ImportRow | null } = { customer: '', details: null };
  const hasDetails = (row: ImportRow) =>
    row.customerKind !== null || Boolean(row.customer.name || row.customer.email || row.customer.phone);
  const sameDetails = (a: ImportRow, b: ImportRow) =>
    a.customerKind === b.customerKind &&
    a.customer.name === b.customer.name &&
    a.customer.email === b.customer.email &&
    a.customer.phone === b.customer.phone;
  /** Notes what the whole-file checks will have to look at; see StageResult.suspects. */
  const noteForWholeFileChecks = (row: ImportRow) => {
    if (policiesSeen.add(row.policyExternalId)) suspect('policies', row.policyExternalId);
    if (row.customerExternalId !== run.customer) {
      if (customersSeen.add(row.customerExternalId)) suspect('customers', row.customerExternalId);
      run = { customer: row.customerExternalId, details: hasDetails(row) ? row : null };
    } else if (hasDetails(row)) {
      if (run.details && !sameDetails(run.details, row)) suspect('customers', row.customerExternalId);
      run.details ??= row;
    }
  };

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
      result = validateRow(record, columns, options.dateOrder, mappedFields);
    }
    for (const issue of result.issues) {
      issues.add({ ...issue, rowNumber, column: issue.field ? (options.mapping[issue.field]?.slice(0, 100) ?? null) : null });
    }
    if (!result.row) rowsInvalid += 1;
    else noteForWholeFileChecks(result.row);
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
    suspects: {
      policies: suspects.policies.size > maxSuspects ? 'all' : [...suspects.policies],
      customers: suspects.customers.size > maxSuspects ? 'all' : [...suspects.customers],
    },
  };
}
