/**
 * How customers moved between tiers from one snapshot day to another: customers and premium on
 * each path. Without dates: the latest snapshot against the one 30 days before it (or, with less
 * history, the snapshot before it). A day must be a snapshot day or a named period, and from on
 * or before to. The API and the page share it.
 */
import { z } from 'zod';
import { invalidInput } from '@/lib/domain-error';
import { agencyUseCase } from '@/lib/use-case';
import { tierMovement } from '../movement';
import { listSnapshotDays, resolveSnapshotDay, SnapshotDaySpec } from '../snapshot-days';

export const getTierMovement = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: z.object({ from: SnapshotDaySpec.optional(), to: SnapshotDaySpec.optional() }),
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db(async (tx) => {
      const days = await listSnapshotDays(tx, agency.agencyId);
      const to = query.to ? resolveSnapshotDay(days, query.to, 'query.to') : (days[0] ?? null);
      const from = query.from
        ? resolveSnapshotDay(days, query.from, 'query.from')
        : to && (resolveSnapshotDay(days, '30d', 'query.from') ?? days.find((day) => day < to) ?? to);
      if (!from || !to) return { days, from, to, paths: [] };
      if (from > to) throw invalidInput([{ field: 'query.from', message: 'Must be on or before "to".' }]);
      return { days, from, to, paths: await tierMovement(tx, agency.agencyId, from, to) };
    }),
});
