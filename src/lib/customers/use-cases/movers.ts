/**
 * Movers (SPEC §11): the customers who left Elite or Premium in a period (direction=down, at
 * risk) or rose a tier (up), a page at a time, and the same list as CSV. One use case for the
 * list API and the list page, one for the export, both naming the period like tier movement
 * (snapshot days or named periods, 30 days by default) and refusing the same things.
 */
import { z } from 'zod';
import { asService, type Database } from '@/lib/db';
import type { CsvDownload } from '@/lib/downloads';
import { logger } from '@/lib/observability/logger';
import { redact } from '@/lib/observability/redact';
import { listSnapshotDays, PeriodQuery, resolvePeriod } from '@/lib/segmentation/snapshot-days';
import { POLICY_WORDS } from '@/lib/segmentation/policy';
import { roleHas } from '@/lib/tenancy/permissions';
import { agencyUseCase } from '@/lib/use-case';
import { auditedCsvLines, EXPORT_PAGE_SIZE } from '../audited-export';
import { listMovers, MOVER_DIRECTIONS, prepareMovers, MOVER_SORTS, type MoverDirection, type MoverPage, type MoverSort } from '../movers';
import { pageQuery } from '../paging';

/** The list's filters as the API takes them: the list route and the export share them. */
export const MoversFiltersSchema = PeriodQuery.extend({
  direction: z
    .enum(MOVER_DIRECTIONS, {
      error: `Use down (customers who left ${POLICY_WORDS.valuedTiersOr}) or up (customers who rose a tier).`,
    })
    .meta({ description: `\`down\`: customers who left ${POLICY_WORDS.valuedTiersOr} (at risk); \`up\`: customers who rose a tier.` }),
  sort: z
    .enum(MOVER_SORTS, { error: `Sort by one of: ${MOVER_SORTS.join(', ')}.` })
    .optional()
    .meta({ description: 'The order; the largest move first by default.' }),
});
export const MoversQuery = MoversFiltersSchema.extend(pageQuery(400).shape);

export const DEFAULT_MOVER_SORT: MoverSort = 'moved';

const NO_MOVERS: MoverPage = { movers: [], nextCursor: null, total: { customers: 0, premiumMoved: '0.00' } };

export const listMoversInPeriod = agencyUseCase({
  permission: 'customers:read',
  rateLimit: 'read',
  query: MoversQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db(async (tx) => {
      const period = resolvePeriod(await listSnapshotDays(tx, agency.agencyId), query);
      const { from, to } = period;
      const shown = { ...period, direction: query.direction, sort: query.sort ?? DEFAULT_MOVER_SORT };
      // No history yet (or a named period before it): nobody to list, and the page says why.
      if (!from || !to) return { ...shown, ...NO_MOVERS };
      const page = await listMovers(tx, agency.agencyId, {
        from,
        to,
        direction: query.direction,
        sort: shown.sort,
        limit: query.limit,
        cursor: query.cursor,
        canSeePii: roleHas(agency.role, 'customers:pii'),
      });
      return { ...shown, ...page };
    }),
});

/**
 * After a refresh has written the history, computes the default period's movers (the dashboard's
 * "At risk" and "Rising" links) in this process, so the first visit reads them instead of waiting
 * for them (seconds at a million customers). Runs in the background of the refresh's caller: a
 * failure only means the first visit computes them itself, so it is logged, never thrown.
 */
export function prepareDefaultMovers(agencyId: string, db?: Database): Promise<void> {
  return asService(async (tx) => {
    const { from, to } = resolvePeriod(await listSnapshotDays(tx, agencyId), {});
    if (from && to) await prepareMovers(tx, agencyId, from, to, DEFAULT_MOVER_SORT);
  }, db).catch((error: unknown) =>
    logger.warn(
      { agencyId, err: { message: redact(error instanceof Error ? error.message : String(error)) } },
      'movers not prepared after refresh',
    ),
  );
}

const HEADER = ['customer_id', 'customer_name', 'email', 'phone', 'tier_from', 'tier_to', 'premium_from', 'premium_to', 'premium_moved'];

const exportName = (direction: MoverDirection, from: string | null, to: string | null) =>
  `movers-${direction === 'down' ? 'at-risk' : 'rising'}${from && to ? `-${from}-to-${to}` : ''}.csv`;

export const exportMovers = agencyUseCase({
  permission: 'customers:export',
  rateLimit: 'export',
  query: MoversFiltersSchema,
  errors: ['invalid'],
  run: async (caller, { query }): Promise<CsvDownload> => {
    // Resolved before the first byte: a bad day is a 400, not a broken download, and every page reads the same days.
    const { from, to } = await caller.db(async (tx) => resolvePeriod(await listSnapshotDays(tx, caller.agency.agencyId), query));
    const sort = query.sort ?? DEFAULT_MOVER_SORT;
    const lines = auditedCsvLines(caller, {
      header: HEADER,
      audited: { list: 'movers', direction: query.direction, from, to, sort },
      page: async (cursor) => {
        if (!from || !to) return { rows: [], nextCursor: null };
        const page = await caller.db((tx) =>
          listMovers(tx, caller.agency.agencyId, {
            from,
            to,
            direction: query.direction,
            sort,
            limit: EXPORT_PAGE_SIZE,
            cursor,
            // Export is for roles that see PII; the permission already refused viewers.
            canSeePii: true,
          }),
        );
        return {
          rows: page.movers.map((m) => [m.externalId, m.name, m.email, m.phone, m.from, m.to, m.premiumFrom, m.premiumTo, m.premiumMoved]),
          nextCursor: page.nextCursor,
        };
      },
    });
    return { filename: exportName(query.direction, from, to), lines };
  },
});
