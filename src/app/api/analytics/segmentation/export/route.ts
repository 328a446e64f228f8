/**
 * GET /api/analytics/segmentation/export?tier=&list=&sort=&search=&crossSell=&renewalWithinDays= — the
 * drill-down view as a CSV file, streamed page by page (never the whole tier in memory). Owners,
 * admins and agents (viewers may not export); formula-looking cells neutralized; each export is
 * recorded in audit_events (the filters and the row count, never the data).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { csvLine } from '@/lib/customers/csv-export';
import { listTierCustomers, tierListFilters, TierListFiltersSchema } from '@/lib/customers/tier-customers';
import { asUser } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import { todayIso } from '@/lib/segmentation/dates';

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

export const GET = withAgencyAuth(
  async ({ agency, session, query, requestId }) => {
    const filters = {
      ...tierListFilters(query),
      // Export is for roles that see PII (SPEC §3); the permission check already refused viewers.
      canSeePii: true,
    };
    const encoder = new TextEncoder();
    let cursor: string | undefined;
    let rows = 0;
    let finished = false;
    const record = (completed: boolean) =>
      asUser(session.claims, (tx) =>
        tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'export', $3)`, [
          agency.agencyId,
          session.userId,
          { filters: { ...filters, search: filters.search ? '(given)' : undefined }, rows, completed, requestId },
        ]),
      ).catch((error) => logger.error({ requestId, err: { message: (error as Error).message } }, 'could not record an export'));

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvLine(HEADER)));
      },
      // One page per pull: the client's reading speed sets the pace, and memory stays one page.
      async pull(controller) {
        try {
          const page = await asUser(session.claims, (tx) => listTierCustomers(tx, agency.agencyId, { ...filters, limit: PAGE, cursor }));
          rows += page.customers.length;
          controller.enqueue(
            encoder.encode(
              page.customers
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
                .join(''),
            ),
          );
          cursor = page.nextCursor ?? undefined;
          if (!page.nextCursor) {
            finished = true;
            await record(true);
            controller.close();
          }
        } catch (error) {
          logger.error({ requestId, err: { message: (error as Error).message } }, 'export failed mid-stream');
          await record(false);
          controller.error(error);
        }
      },
      async cancel() {
        if (!finished) await record(false);
      },
    });
    const name = `customers-${query.list ?? query.tier ?? 'all'}-${todayIso()}.csv`;
    return new Response(body, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` },
    });
  },
  { permission: 'customers:export', rateLimit: 'export', query: TierListFiltersSchema },
);
