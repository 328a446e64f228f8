/**
 * A customer list as CSV, for roles that see PII (SPEC §3): the drill-down's and the movers'
 * exports both stream through here. Rows are produced a page at a time as the client reads
 * them, so memory stays one page whatever the list's size; every export is recorded in the
 * audit log with its filters (as the caller words them: never a search itself), how many rows
 * went out and whether it completed.
 */
import type { Queryable } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import type { AgencyCaller } from '@/lib/use-case';
import { csvLine } from './csv-export';

/** Rows an export fetches at a time. */
export const EXPORT_PAGE_SIZE = 500;

type Cells = (string | number | null | undefined)[];

export interface ExportSource {
  header: string[];
  /** What the audit log keeps of the request: which list, which filters (no PII, no search text). */
  audited: Record<string, unknown>;
  /** One page of rows after `cursor` (none: the first), and the cursor of the next. */
  page(cursor: string | undefined): Promise<{ rows: Cells[]; nextCursor: string | null }>;
}

async function recordExport(caller: AgencyCaller, filters: Record<string, unknown>, outcome: { rows: number; completed: boolean }) {
  const { agency, session, db, requestId } = caller;
  await db((tx: Queryable) =>
    tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'export', $3)`, [
      agency.agencyId,
      session.userId,
      { filters, ...outcome, requestId },
    ]),
  ).catch((error: unknown) => logger.error({ requestId, err: { message: (error as Error).message } }, 'could not record an export'));
}

export async function* auditedCsvLines(caller: AgencyCaller, source: ExportSource): AsyncGenerator<string> {
  let rows = 0;
  let completed = false;
  try {
    yield csvLine(source.header);
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await source.page(cursor);
      rows += page.rows.length;
      yield page.rows.map(csvLine).join('');
      cursor = page.nextCursor ?? undefined;
    }
    completed = true;
  } catch (error) {
    logger.error({ requestId: caller.requestId, err: { message: (error as Error).message } }, 'export failed mid-stream');
    throw error;
  } finally {
    // Also when the client stops reading: the generator is closed, and the export is recorded as incomplete.
    await recordExport(caller, source.audited, { rows, completed });
  }
}
