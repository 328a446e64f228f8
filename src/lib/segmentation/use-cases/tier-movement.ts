/**
 * How customers moved between tiers from one snapshot day to another: customers and premium on
 * each path. Without dates: the latest snapshot against the one 30 days before it (or, with less
 * history, the snapshot before it). A day must be a snapshot day or a named period, and from on
 * or before to (snapshot-days.ts resolvePeriod). The API and the page share it.
 */
import { agencyUseCase } from '@/lib/use-case';
import { tierMovement } from '../movement';
import { listSnapshotDays, PeriodQuery, resolvePeriod } from '../snapshot-days';

export const getTierMovement = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: PeriodQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db(async (tx) => {
      const period = resolvePeriod(await listSnapshotDays(tx, agency.agencyId), query);
      const { from, to } = period;
      return { ...period, paths: from && to ? await tierMovement(tx, agency.agencyId, from, to) : [] };
    }),
});
