import type { Queryable } from '@/lib/db';
import type { ColumnMapping } from './fields';
import { insertImportIssues, MAX_STORED_ISSUES } from './issue-log';
import type { Suspects } from './suspects';

/**
 * The five checks that need every row, run in SQL over the staged rows once the file is in: a
 * policy on several rows with different data (error), the same row repeated (warning), a policy
 * that belongs to another customer in the book (error), a customer whose details differ between
 * rows (warning), several primary contacts (warning). Errors mark rows invalid; warnings only
 * inform. Apart from the streaming stage because they are set-based SQL over a finished file,
 * steered by the suspects the stage noted (suspects.ts).
 */
export interface CheckIssue {
  row_number: number;
  code: string;
  severity: 'error' | 'warning';
  column_name: string | null;
  message: string;
  value: string | null;
}

/** Policies on more than one row (among the suspects), found once; only those are compared row by row. */
const POLICIES_ON_SEVERAL_ROWS = 'select policy_external_id from import_policies_on_several_rows';

async function wholeFileChecks(
  tx: Queryable,
  jobId: string,
  agencyId: string,
  mapping: ColumnMapping,
  suspects: Suspects,
): Promise<CheckIssue[]> {
  const policyColumn = mapping.policy_id ?? null;
  const customerColumn = mapping.customer_id ?? null;
  const policyData = `(customer_external_id, line_of_business, annual_premium, effective_date, expiration_date, status, cancellation_date)::text`;
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

/** Adds the checks' issues to the report, as far as it has room left (every one is counted in the job). */
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

/** Runs the checks on a staged job and records their issues in its report; returns them all (every one counts). */
export async function runWholeFileChecks(
  tx: Queryable,
  job: { id: string; agencyId: string },
  mapping: ColumnMapping,
  suspects: Suspects,
): Promise<CheckIssue[]> {
  const issues = await wholeFileChecks(tx, job.id, job.agencyId, mapping, suspects);
  await recordCheckIssues(tx, job.id, job.agencyId, issues);
  return issues;
}
