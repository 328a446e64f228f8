import type { Queryable } from '@/lib/db';
import { DomainError } from '@/lib/domain-error';

/**
 * One commit per agency at a time (two replace imports must not interleave), without waiting:
 * a second import is refused at once and told since when the other one runs, instead of
 * queueing behind it (behind an orphaned backend, that used to mean minutes of a hanging
 * request). The lock is a transaction-level advisory lock, so it ends with the commit's
 * transaction, whichever way that ends (see JOB_TRANSACTION_BOUNDS for an orphaned one).
 */
export class ImportInProgressError extends DomainError {
  constructor(
    /** When the holder's transaction started; null when the database does not say. */
    readonly since: Date | null,
    now = new Date(),
  ) {
    super(
      'conflict',
      since
        ? `Another import into this agency is running since ${formatUtc(since)} (${elapsed(since, now)}); nothing was imported. Try again when it has finished.`
        : 'Another import into this agency is running; nothing was imported. Try again when it has finished.',
      { kind: 'import-in-progress', title: 'Another import is running', facts: { since: since?.toISOString() ?? null } },
    );
    this.name = 'ImportInProgressError';
  }
}

/**
 * By name, not instanceof: a script run by tsx can load this module twice (as ESM for the script,
 * as CommonJS for the modules it requires), and the two classes are not the same object.
 */
export function isImportInProgress(error: unknown): error is ImportInProgressError {
  return error instanceof Error && error.name === 'ImportInProgressError';
}

/** 2026-11-29 18:31:02 UTC: the same for every reader, whatever their time zone. */
function formatUtc(time: Date): string {
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function elapsed(since: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}

/** Takes the agency's import lock for the rest of the transaction, or throws ImportInProgressError. */
export async function takeImportLock(tx: Queryable, agencyId: string): Promise<void> {
  // Twice at most: the holder may finish between a refused try and the look-up of who holds it.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [{ locked } = { locked: false }] = await tx.query<{ locked: boolean }>(
      'select pg_try_advisory_xact_lock(private.import_lock_key($1)) as locked',
      [agencyId],
    );
    if (locked) return;
    // "Since" on the database's clock, like the holder's own start time.
    const [holder] = await tx.query<{ since: Date | null; now: Date }>(
      'select since, clock_timestamp() as now from private.import_lock_holder($1)',
      [agencyId],
    );
    if (holder) throw new ImportInProgressError(holder.since, holder.now);
  }
  throw new ImportInProgressError(null);
}
