import { asService, type Database, type Queryable } from '@/lib/db';
import { asServiceJob } from '@/lib/db/service-job';
import { logger } from '@/lib/observability/logger';
import type { ColumnMapping } from './fields';
import { ImportFileError } from './file-format';
import { insertImportIssues, MAX_STORED_ISSUES, stageFile, type StageOptions, type StageResult } from './stage';
import type { DateOrder } from './values';

/**
 * An import's life: created by an upload or the CLI → `validating` while the file streams in →
 * `validated` (report ready, valid rows staged) or `failed` (the file as a whole was unusable) →
 * `committed` or `cancelled`. The pipeline runs as the service role; callers check the user's
 * `customers:import` permission first and always pass the agency from the session.
 */
export type ImportMode = 'merge' | 'replace';
export type ImportStatus = 'validating' | 'validated' | 'committed' | 'failed' | 'cancelled';

export interface ImportSummary {
  customers: { created: number; updated: number; unchanged: number };
  contacts: { created: number; updated: number; unchanged: number };
  policies: { created: number; updated: number; unchanged: number; expired: number };
  rowsImported: number;
  rowsSkipped: number;
  refresh: { status: 'ok' | 'error'; durationMs: number; error?: string };
}

export interface ImportJob {
  id: string;
  agencyId: string;
  createdBy: string | null;
  source: 'upload' | 'cli';
  fileName: string;
  fileBytes: number;
  mode: ImportMode;
  options: { mapping: ColumnMapping; dateOrder: DateOrder; encoding?: string; delimiter?: string };
  status: ImportStatus;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  warnings: number;
  issueCounts: StageResult['issueCounts'];
  result: ImportSummary | null;
  error: string | null;
  createdAt: string;
  validatedAt: string | null;
  finishedAt: string | null;
}

export interface ImportIssue {
  rowNumber: number | null;
  column: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  value: string | null;
}

export const JOB_COLUMNS = `j.id, j.agency_id as "agencyId", j.created_by as "createdBy", j.source, j.file_name as "fileName",
  j.file_bytes::float8 as "fileBytes", j.mode, j.options, j.status, j.rows_total as "rowsTotal", j.rows_valid as "rowsValid",
  j.rows_invalid as "rowsInvalid", j.warnings, j.issue_counts as "issueCounts", j.result, j.error,
  j.created_at as "createdAt", j.validated_at as "validatedAt", j.finished_at as "finishedAt"`;

/** Staged rows of a report nobody acted on are dropped after a day. */
const STALE_VALIDATION = `interval '1 day'`;

export interface NewImport {
  agencyId: string;
  userId: string | null;
  source: 'upload' | 'cli';
  fileName: string;
  mode: ImportMode;
  mapping: ColumnMapping;
  dateOrder: DateOrder;
}

async function createJob(tx: Queryable, input: NewImport): Promise<string> {
  // Housekeeping for every agency: reports nobody confirmed within a day are cancelled, and
  // staged rows of recently finished jobs (whose own cleanup may have failed) are dropped.
  await tx.query(
    `with stale as (
       update public.import_jobs set status = 'cancelled', finished_at = now(), error = 'Not committed within a day.'
       where status in ('validated', 'validating') and created_at < now() - ${STALE_VALIDATION}
       returning id
     ), finished as (
       select id from stale
       union all
       select id from public.import_jobs where status in ('committed', 'failed', 'cancelled') and finished_at > now() - interval '2 days'
     )
     delete from private.import_staged_rows where job_id in (select id from finished)`,
  );
  const [job] = await tx.query<{ id: string }>(
    `insert into public.import_jobs (agency_id, created_by, source, file_name, mode, options)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      input.agencyId,
      input.userId,
      input.source,
      input.fileName.slice(0, 255) || 'upload.csv',
      input.mode,
      { mapping: input.mapping, dateOrder: input.dateOrder },
    ],
  );
  return job!.id;
}

interface CheckIssue {
  row_number: number;
  code: string;
  severity: 'error' | 'warning';
  column_name: string | null;
  message: string;
  value: string | null;
}

/**
 * The checks that need every row: run in SQL over the staged rows once the file is in. Errors
 * mark rows invalid; warnings only inform. Returns the issues to record (all of them counted).
 */
/** Policies on more than one row (among the suspects), found once; only those are compared row by row. */
const POLICIES_ON_SEVERAL_ROWS = 'select policy_external_id from import_policies_on_several_rows';

async function wholeFileChecks(
  tx: Queryable,
  jobId: string,
  agencyId: string,
  mapping: ColumnMapping,
  suspects: StageResult['suspects'],
): Promise<CheckIssue[]> {
  const policyColumn = mapping.policy_id ?? null;
  const customerColumn = mapping.customer_id ?? null;
  const policyData = `(customer_external_id, line_of_business, annual_premium, effective_date, expiration_date, status)::text`;
  const none: CheckIssue[] = [];
  const checkPolicies = suspects.policies === 'all' || suspects.policies.length > 0;
  const checkCustomers = suspects.customers === 'all' || suspects.customers.length > 0;
  if (checkPolicies) {
    // Only the suspected ids (see StageResult.suspects), through the staging index; or every id.
    await tx.query(
      `create temp table import_policies_on_several_rows on commit drop as
       select policy_external_id from private.import_staged_rows
       where job_id = $1 and valid ${suspects.policies === 'all' ? '' : 'and policy_external_id = any($2::text[])'}
       group by policy_external_id having count(*) > 1`,
      suspects.policies === 'all' ? [jobId] : [jobId, suspects.policies],
    );
  }
  const duplicates = !checkPolicies
    ? none
    : await tx.query<CheckIssue>(
        `with conflicting as (
       select policy_external_id, array_agg(row_number order by row_number) as rows
       from private.import_staged_rows
       where job_id = $1 and valid and policy_external_id in (${POLICIES_ON_SEVERAL_ROWS})
       group by policy_external_id having count(distinct ${policyData}) > 1
     ), marked as (
       update private.import_staged_rows s set valid = false from conflicting c
       where s.job_id = $1 and s.policy_external_id = c.policy_external_id
       returning s.row_number, s.policy_external_id, c.rows
     )
     select row_number, 'duplicate-policy' as code, 'error' as severity, $2::text as column_name, policy_external_id as value,
       'Policy ' || policy_external_id || ' appears on rows ' || array_to_string(rows[1:5], ', ') ||
       case when cardinality(rows) > 5 then ' and more' else '' end || ' with different data; keep one row per policy.' as message
     from marked order by row_number`,
        [jobId, policyColumn],
      );
  const repeated = !checkPolicies
    ? none
    : await tx.query<CheckIssue>(
        `select row_number, 'repeated-row' as code, 'warning' as severity, $2::text as column_name, policy_external_id as value,
       'Same policy and data as row ' || first_row || '; imported once.' as message
     from (select row_number, policy_external_id, min(row_number) over (partition by policy_external_id) as first_row
           from private.import_staged_rows
           where job_id = $1 and valid and policy_external_id in (${POLICIES_ON_SEVERAL_ROWS})) r
     where row_number <> first_row order by row_number`,
        [jobId, policyColumn],
      );
  const moved = await tx.query<CheckIssue>(
    `with marked as (
       update private.import_staged_rows s set valid = false
       from public.policies p join public.customers c on c.id = p.customer_id
       where s.job_id = $1 and s.valid and p.agency_id = $2 and p.external_id = s.policy_external_id
         and c.external_id <> s.customer_external_id
       returning s.row_number, s.policy_external_id, c.external_id as owner
     )
     select row_number, 'policy-of-another-customer' as code, 'error' as severity, $3::text as column_name, policy_external_id as value,
       'Policy ' || policy_external_id || ' belongs to customer ' || owner || ' in your book; an import cannot move a policy to another customer.' as message
     from marked order by row_number`,
    [jobId, agencyId, customerColumn],
  );
  // The first rows that give a customer's details win (see commit.ts); a later row that differs is warned about.
  const conflictingCustomers = !checkCustomers
    ? none
    : await tx.query<CheckIssue>(
        `with details as (
       select customer_external_id, row_number, pii_digest, customer_kind,
         first_value(pii_digest) over (partition by customer_external_id order by pii_digest is null, row_number) as first_digest,
         first_value(customer_kind) over (partition by customer_external_id order by customer_kind is null, row_number) as first_kind,
         min(row_number) over (partition by customer_external_id) as first_row
       from private.import_staged_rows
       where job_id = $1 and valid and (pii_digest is not null or customer_kind is not null)
         and ($3::text[] is null or customer_external_id in (select unnest($3::text[])))
     ), differing as (
       select customer_external_id, min(first_row) as first_row, array_agg(row_number order by row_number) as rows
       from details
       where pii_digest <> first_digest or customer_kind <> first_kind
       group by customer_external_id
     )
     select rows[1] as row_number, 'conflicting-customer-details' as code, 'warning' as severity, $2::text as column_name,
       customer_external_id as value,
       'Customer ' || customer_external_id || ' has a different name, email, phone or type on row' ||
       case when cardinality(rows) > 1 then 's ' else ' ' end || array_to_string(rows[1:5], ', ') ||
       case when cardinality(rows) > 5 then ' and more' else '' end ||
       ' than on row ' || first_row || '; the details of its first rows are used.' as message
     from differing order by 1`,
        [jobId, customerColumn, suspects.customers === 'all' ? null : suspects.customers],
      );
  const primaries = await tx.query<CheckIssue>(
    `select rows[2] as row_number, 'several-primary-contacts' as code, 'warning' as severity, $2::text as column_name,
       customer_external_id as value,
       'Customer ' || customer_external_id || ' has more than one primary contact (rows ' || array_to_string(rows[1:5], ', ') ||
       '); the first is kept as primary.' as message
     from (select customer_external_id, array_agg(row_number order by row_number) as rows
           from private.import_staged_rows
           where job_id = $1 and valid and contact_is_primary and contact_key is not null
           group by customer_external_id having count(distinct contact_key) > 1) c
     order by 1`,
    [jobId, mapping.is_primary_contact ?? null],
  );
  return [...duplicates, ...repeated, ...moved, ...conflictingCustomers, ...primaries];
}

async function recordCheckIssues(tx: Queryable, jobId: string, agencyId: string, issues: CheckIssue[]) {
  const [{ stored } = { stored: 0 }] = await tx.query<{ stored: number }>(
    'select count(*)::int as stored from public.import_job_issues where job_id = $1',
    [jobId],
  );
  const kept = issues.slice(0, Math.max(0, MAX_STORED_ISSUES - stored));
  if (kept.length === 0) return;
  await insertImportIssues(
    tx,
    { id: jobId, agencyId },
    kept.map((issue) => ({
      rowNumber: issue.row_number,
      column: issue.column_name,
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      value: issue.value,
    })),
  );
}

export interface ValidationOutcome {
  job: ImportJob;
  /** Set when the file as a whole could not be used (the job is then `failed`). */
  fileError?: ImportFileError;
}

/**
 * Creates a job and validates the file into it. A problem with the whole file (empty, binary,
 * too large, a required column missing) fails the job with a clear message and stages nothing.
 */
export async function validateImport(
  input: NewImport,
  source: AsyncIterable<Uint8Array>,
  options: Pick<StageOptions, 'maxBytes' | 'maxRows' | 'onProgress' | 'db' | 'maxSuspects'> = {},
): Promise<ValidationOutcome> {
  const jobId = await asService((tx) => createJob(tx, input), options.db);
  const job = { id: jobId, agencyId: input.agencyId };
  try {
    const staged = await stageFile(job, source, { ...options, mapping: input.mapping, dateOrder: input.dateOrder });
    await asServiceJob(async (tx) => {
      const issues = await wholeFileChecks(tx, jobId, input.agencyId, input.mapping, staged.suspects);
      await recordCheckIssues(tx, jobId, input.agencyId, issues);
      for (const issue of issues) {
        const count = (staged.issueCounts[issue.code] ??= { severity: issue.severity, rows: 0 });
        count.rows += 1;
      }
      const [counts] = await tx.query<{ valid: number }>(
        'select count(*) filter (where valid)::int as valid from private.import_staged_rows where job_id = $1',
        [jobId],
      );
      await tx.query(
        `update public.import_jobs set status = 'validated', validated_at = now(), file_bytes = $2, rows_total = $3::int,
           rows_valid = $4::int, rows_invalid = $3::int - $4::int, warnings = $5, issue_counts = $6,
           options = options || jsonb_build_object('encoding', $7::text, 'delimiter', $8::text)
         where id = $1`,
        [
          jobId,
          staged.bytes,
          staged.rowsTotal,
          counts!.valid,
          staged.warnings + issues.filter((i) => i.severity === 'warning').length,
          staged.issueCounts,
          staged.encoding,
          staged.delimiter,
        ],
      );
    }, options.db);
  } catch (error) {
    const fileError = error instanceof ImportFileError ? error : undefined;
    if (!fileError) logger.error({ jobId, err: error }, 'import validation failed');
    await asService(async (tx) => {
      await tx.query('delete from private.import_staged_rows where job_id = $1', [jobId]);
      await tx.query(`update public.import_jobs set status = 'failed', finished_at = now(), error = left($2, 2000) where id = $1`, [
        jobId,
        fileError?.message ?? 'The import could not be validated because of a server error; nothing was imported.',
      ]);
    }, options.db);
    if (!fileError) throw error;
    return { job: (await getImportJob(input.agencyId, jobId, options.db))!, fileError };
  }
  return { job: (await getImportJob(input.agencyId, jobId, options.db))! };
}

/** One job of the agency (null when it is not this agency's). */
export async function getImportJob(agencyId: string, jobId: string, db?: Database): Promise<ImportJob | null> {
  const [job] = await asService(
    (tx) => tx.query<ImportJob>(`select ${JOB_COLUMNS} from public.import_jobs j where j.agency_id = $1 and j.id = $2`, [agencyId, jobId]),
    db,
  );
  return job ?? null;
}

export async function listImportIssues(tx: Queryable, jobId: string, limit = MAX_STORED_ISSUES): Promise<ImportIssue[]> {
  return tx.query<ImportIssue>(
    `select row_number as "rowNumber", column_name as "column", severity, code, message, value
     from public.import_job_issues where job_id = $1 order by row_number nulls first, id limit $2`,
    [jobId, limit],
  );
}

/** Discards a validated job's staged rows; nothing was written to the book. */
export async function cancelImport(agencyId: string, jobId: string, db?: Database): Promise<boolean> {
  return asService(async (tx) => {
    const cancelled = await tx.query(
      `update public.import_jobs set status = 'cancelled', finished_at = now()
       where agency_id = $1 and id = $2 and status = 'validated' returning id`,
      [agencyId, jobId],
    );
    if (cancelled.length) await tx.query('delete from private.import_staged_rows where job_id = $1', [jobId]);
    return cancelled.length > 0;
  }, db);
}

export type ImportHistoryEntry = ImportJob & { createdByEmail: string | null };

/** The agency's imports, newest first, as the caller sees them (RLS: owners and admins). */
export async function listImportHistory(tx: Queryable, agencyId: string, limit = 50): Promise<ImportHistoryEntry[]> {
  return tx.query<ImportHistoryEntry>(
    `select ${JOB_COLUMNS}, d.email as "createdByEmail"
     from public.import_jobs j
     left join private.agency_member_directory($1) d on d.user_id = j.created_by
     where j.agency_id = $1
     order by j.created_at desc limit $2`,
    [agencyId, limit],
  );
}
