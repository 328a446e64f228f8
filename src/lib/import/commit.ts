import { asService, type Database, type Queryable } from '@/lib/db';
import type { Aliased } from '@/lib/db/rows';
import { asServiceJob } from '@/lib/db/service-job';
import { DomainError } from '@/lib/domain-error';
import { todayIso } from '@/lib/segmentation/dates';
import { refreshAgency, RefreshFailedError } from '@/lib/segmentation/refresh';
import { logger } from '@/lib/observability/logger';
import { commitContacts, commitCustomers, commitPolicies, expireAbsentPolicies } from './commit-book';
import { takeImportLock } from './commit-lock';
import type { CommitStep } from './commit-steps';
import type { ImportJob, ImportSummary } from './jobs';
import { measureImportPhase } from './phase-metrics';

/**
 * Commits a validated import in ONE transaction: customers, contacts, policies, replace-mode
 * expiries, the job's result and the audit event either all land or none does (a failure or a
 * killed process leaves the database as it was, job included). Unchanged rows are not touched,
 * so importing the same file again changes nothing. The agency's insights are refreshed after.
 * One commit per agency at a time (commit-lock.ts); the statements that write the book are in
 * commit-book.ts, and the book's statistics are refreshed after each commit. The caller has
 * loaded the job (importJobOr404): only its status is read again, under the lock, since another
 * request may have committed or cancelled it meanwhile. The steps are in commit-steps.ts.
 */
const conflict = (message: string) => new DomainError('conflict', message);

export interface CommitOptions {
  actorId: string | null;
  db?: Database;
  /** Called after each step (inside the transaction until 'refresh'); progress reporting, and tests that interrupt a commit. */
  onStep?: (step: CommitStep, tx: Queryable | null) => Promise<void> | void;
  /**
   * The import's day (YYYY-MM-DD, today by default): the day policies it marks expired stopped
   * being in force, and the day its refresh computes the tiers as of. Tests pass other days.
   */
  today?: string;
}

/**
 * Statistics of the book as this commit left it, for the refresh and the next import. Outside
 * the commit's transaction: ANALYZE keeps its table's lock until the transaction ends, and every
 * other import's analysis of the same table (and autovacuum) would wait for the whole commit.
 */
async function analyzeBook(jobId: string, agencyId: string, db?: Database) {
  try {
    await asService((tx) => tx.query('select private.analyze_book()'), db);
  } catch (error) {
    logger.warn({ jobId, agencyId, err: error }, 'import committed; analyzing the book failed');
  }
}

/** Commits `job` (see above); its duration, outcome and rows are recorded for /api/metrics. */
export function commitImport(job: ImportJob, options: CommitOptions): Promise<ImportJob> {
  return measureImportPhase(
    'commit',
    () => commitAndRefresh(job, options),
    (committed) => ({ imported: committed.result?.rowsImported ?? 0, skipped: committed.result?.rowsSkipped ?? 0 }),
  );
}

async function commitAndRefresh(job: ImportJob, options: CommitOptions): Promise<ImportJob> {
  const { id: jobId, agencyId } = job;
  const step = async (name: CommitStep, tx: Queryable | null) => options.onStep?.(name, tx);
  const importDay = options.today ?? todayIso();
  const summary = await asServiceJob(async (tx) => {
    await takeImportLock(tx, agencyId);
    const [locked] = await tx.query<{ status: string }>(
      'select status from public.import_jobs where agency_id = $1 and id = $2 for update',
      [agencyId, jobId],
    );
    const status = locked?.status ?? 'gone';
    if (status !== 'validated') throw conflict(`This import is ${status}; only a validated import can be committed.`);
    const [staged] = await tx.query<{ total: number; valid: number; unidentified: number }>(
      `select count(*)::int as total, count(*) filter (where valid)::int as valid,
              count(*) filter (where not valid and policy_external_id is null)::int as unidentified
       from private.import_staged_rows where job_id = $1`,
      [jobId],
    );
    // Every row is staged, valid or not: a count that differs means staging was lost (unlogged
    // tables are emptied by a crash), and committing would import part of the file.
    if (staged!.total !== job.rowsTotal || staged!.valid !== job.rowsValid) {
      throw conflict('The validated rows of this import are no longer available (the server restarted); upload the file again.');
    }
    if (job.rowsValid === 0) throw conflict('This import has no valid rows; there is nothing to import.');
    if (job.mode === 'replace' && staged!.unidentified > 0) {
      throw conflict(
        `${staged!.unidentified.toLocaleString('en-US')} rows with errors have no readable policy id. In replace mode their policies would be marked expired: fix those rows, or import in merge mode.`,
      );
    }

    const customers = await commitCustomers(tx, jobId, agencyId);
    await step('customers', tx);
    const contacts = await commitContacts(tx, jobId, agencyId, Boolean(job.options.mapping?.is_primary_contact));
    await step('contacts', tx);
    const policies = await commitPolicies(tx, jobId, agencyId, { repeatedRows: Boolean(job.issueCounts['repeated-row']), importDay });
    await step('policies', tx);
    const expired = job.mode === 'replace' ? await expireAbsentPolicies(tx, jobId, agencyId, importDay) : 0;
    await step('expire', tx);

    const result: Omit<ImportSummary, 'refresh'> = {
      customers,
      contacts,
      policies: { ...policies, expired },
      rowsImported: job.rowsValid,
      rowsSkipped: job.rowsInvalid,
    };
    const [{ finishedAt } = { finishedAt: null }] = await tx.query<Aliased<'import_jobs', { finishedAt: 'finished_at' }>>(
      `update public.import_jobs set status = 'committed', finished_at = now(), result = $2 where id = $1 returning finished_at as "finishedAt"`,
      [jobId, result],
    );
    await tx.query('delete from private.import_staged_rows where job_id = $1', [jobId]);
    // Counts only: the audit trail never holds PII.
    await tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'import', $3)`, [
      agencyId,
      options.actorId,
      { jobId, mode: job.mode, ...result },
    ]);
    await step('record', tx);
    return { result, finishedAt };
  }, options.db);

  // The import is committed: from here on nothing may report it as failed.
  await analyzeBook(jobId, agencyId, options.db);
  // A failed refresh does not undo the commit: it is recorded with the job, and the next refresh catches up.
  const refresh = await refreshAgency(agencyId, { mode: 'agency', asOf: importDay }, options.db).then(
    ({ durationMs }) => ({ status: 'ok' as const, durationMs }),
    (error: unknown) => {
      if (!(error instanceof RefreshFailedError)) throw error;
      logger.warn({ jobId, agencyId }, 'import committed; insights refresh failed');
      return { status: 'error' as const, durationMs: error.durationMs, error: error.cause };
    },
  );
  try {
    await asService(
      (tx) =>
        tx.query(`update public.import_jobs set result = result || jsonb_build_object('refresh', $2::jsonb) where id = $1`, [
          jobId,
          refresh,
        ]),
      options.db,
    );
    await step('refresh', null);
  } catch (error) {
    logger.warn({ jobId, agencyId, err: error }, 'import committed; recording its refresh failed');
  }
  return { ...job, status: 'committed', finishedAt: summary.finishedAt, result: { ...summary.result, refresh } };
}
