/**
 * GET /api/analytics/segmentation/migration?from=YYYY-MM-DD&to=YYYY-MM-DD — how customers moved
 * between tiers from one snapshot day to another: customers and premium on each path. Without
 * dates, the two latest snapshot days. Any member.
 */
import { z } from 'zod';
import { validationFailed } from '@/lib/api/problem';
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { listSnapshotDays, tierMigration } from '@/lib/insights/migration';

const isoDate = z.iso.date('Use YYYY-MM-DD.');
const Query = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export const GET = withAgencyAuth(
  async ({ agency, query, db }) =>
    db(async (tx) => {
      const days = await listSnapshotDays(tx, agency.agencyId);
      const to = query.to ?? days[0] ?? null;
      const from = query.from ?? days[1] ?? days[0] ?? null;
      if (!from || !to) return { days, from, to, paths: [] };
      if (from > to) throw validationFailed([{ field: 'query.from', message: 'Must be on or before "to".' }]);
      return { days, from, to, paths: await tierMigration(tx, agency.agencyId, from, to) };
    }),
  { permission: 'analytics:read', rateLimit: 'read', query: Query },
);
