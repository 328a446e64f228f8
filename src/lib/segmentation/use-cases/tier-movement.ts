/**
 * How customers moved between tiers from one snapshot day to another: customers and premium on
 * each path. Without dates, the two latest snapshot days; a given day must be a snapshot day, and
 * from on or before to. The API and the page share it.
 */
import { z } from 'zod';
import { invalidInput } from '@/lib/domain-error';
import { agencyUseCase } from '@/lib/use-case';
import { listSnapshotDays, tierMovement } from '../movement';

const isoDate = z.iso.date('Use YYYY-MM-DD.');

export const getTierMovement = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
  errors: ['invalid'],
  run: ({ agency, db }, { query }) =>
    db(async (tx) => {
      const days = await listSnapshotDays(tx, agency.agencyId);
      const to = query.to ?? days[0] ?? null;
      const from = query.from ?? days[1] ?? days[0] ?? null;
      if (!from || !to) return { days, from, to, paths: [] };
      if (from > to) throw invalidInput([{ field: 'query.from', message: 'Must be on or before "to".' }]);
      // Only a snapshot day has tiers to compare; any other day would answer an empty picture.
      const notSnapshots = (['from', 'to'] as const).filter((name) => query[name] && !days.includes(query[name]));
      if (notSnapshots.length > 0) {
        throw invalidInput(notSnapshots.map((name) => ({ field: `query.${name}`, message: 'No snapshot was taken on that day.' })));
      }
      return { days, from, to, paths: await tierMovement(tx, agency.agencyId, from, to) };
    }),
});
