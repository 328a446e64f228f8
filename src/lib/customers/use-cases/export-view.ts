/**
 * A drill-down view as CSV, for roles that see PII (SPEC §3): streamed and audited
 * (audited-export.ts), never with the search itself in the audit log.
 */
import type { CsvDownload } from '@/lib/downloads';
import { todayIso } from '@/lib/segmentation/dates';
import { agencyUseCase } from '@/lib/use-case';
import { auditedCsvLines, EXPORT_PAGE_SIZE } from '../audited-export';
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

export const exportView = agencyUseCase({
  permission: 'customers:export',
  rateLimit: 'export',
  query: TierListFiltersSchema,
  errors: ['invalid'],
  run: async (caller, { query }): Promise<CsvDownload> => {
    // Export is for roles that see PII; the permission already refused viewers.
    const filters = { ...tierListFilters(query), canSeePii: true as const };
    const lines = auditedCsvLines(caller, {
      header: HEADER,
      audited: { ...filters, search: filters.search ? '(given)' : undefined },
      page: async (cursor) => {
        const page = await caller.db((tx) =>
          listTierCustomers(tx, caller.agency.agencyId, { ...filters, limit: EXPORT_PAGE_SIZE, cursor }),
        );
        return {
          rows: page.customers.map((c) => [
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
          nextCursor: page.nextCursor,
        };
      },
    });
    return { filename: `customers-${query.list ?? query.tier ?? 'all'}-${todayIso()}.csv`, lines };
  },
});
