/**
 * Retention over the 12 months to a month-end (SPEC §11): customer, line and premium retention,
 * overall, by tier then and by number of lines then. `asOf` is a month-end snapshot day with a
 * year of history before it, or `month-end` (the default): the latest such day. The API and the
 * dashboard's retention panel share it.
 */
import { z } from 'zod';
import { agencyUseCase } from '@/lib/use-case';
import { readRetention } from '../retention';

export const RetentionQuery = z.object({
  asOf: z
    .union([z.literal('month-end'), z.iso.date()], { error: 'Use a month-end date (YYYY-MM-DD) or month-end (the latest).' })
    .optional()
    .meta({ description: 'The month to look back from: its month-end date (YYYY-MM-DD), or `month-end` (the latest, the default).' }),
});

export const getRetention = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  query: RetentionQuery,
  errors: ['invalid'],
  run: ({ agency, db }, { query }) => db((tx) => readRetention(tx, agency.agencyId, query.asOf, 'query.asOf')),
});
