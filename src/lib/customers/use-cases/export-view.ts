/**
 * A drill-down view as CSV, for roles that see PII (SPEC §3). The rows are produced a page at a
 * time as the client reads them, so memory stays one page whatever the tier's size; every export
 * is recorded in the audit log with whether it completed (never with the search itself).
 */
import type { Queryable } from '@/lib/db';
import type { CsvDownload } from '@/lib/downloads';
import { logger } from '@/lib/observability/logger';
import { todayIso } from '@/lib/segmentation/dates';
import { agencyUseCase, type AgencyCaller } from '@/lib/use-case';
import { csvLine } from '../csv-export';
import { listTierCustomers, tierListFilters, TierListFiltersSchema } from '../tier-customers';

const HEADER = [
  'customer_id',
  'customer_name',
  'email',
  'phone',
  'customer_type',
  'tier',
  'annual_premium',
  'distinct_lines',
  'tenure_years',
  'next_renewal_date',
];
const PAGE = 500;

type Filters = ReturnType<typeof tierListFilters> & { canSeePii: true };

async function recordExport(caller: AgencyCaller, filters: Filters, outcome: { rows: number; completed: boolean }) {
  const { agency, session, db, requestId } = caller;
  await db((tx: Queryable) =>
    tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'export', $3)`, [
      agency.agencyId,
      session.userId,
      { filters: { ...filters, search: filters.search ? '(given)' : undefined }, ...outcome, requestId },
    ]),
  ).catch((error: unknown) => logger.error({ requestId, err: { message: (error as Error).message } }, 'could not record an export'));
}

async function* exportLines(caller: AgencyCaller, filters: Filters): AsyncGenerator<string> {
  let rows = 0;
  let completed = false;
  try {
    yield csvLine(HEADER);
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await caller.db((tx) => listTierCustomers(tx, caller.agency.agencyId, { ...filters, limit: PAGE, cursor }));
      rows += page.customers.length;
      yield page.customers
        .map((c) =>
          csvLine([
            c.externalId,
            c.name,
            c.email,
            c.phone,
            c.kind,
            c.tier,
            c.annualPremium,
            c.distinctLines,
            c.tenureYears,
            c.nextRenewalDate,
          ]),
        )
        .join('');
      cursor = page.nextCursor ?? undefined;
    }
    completed = true;
  } catch (error) {
    logger.error({ requestId: caller.requestId, err: { message: (error as Error).message } }, 'export failed mid-stream');
    throw error;
  } finally {
    // Also when the client stops reading: the generator is closed, and the export is recorded as incomplete.
    await recordExport(caller, filters, { rows, completed });
  }
}

export const exportView = agencyUseCase({
  permission: 'customers:export',
  rateLimit: 'export',
  query: TierListFiltersSchema,
  errors: ['invalid'],
  run: async (caller, { query }): Promise<CsvDownload> => {
    // Export is for roles that see PII; the permission already refused viewers.
    const filters: Filters = { ...tierListFilters(query), canSeePii: true };
    return { filename: `customers-${query.list ?? query.tier ?? 'all'}-${todayIso()}.csv`, lines: exportLines(caller, filters) };
  },
});
