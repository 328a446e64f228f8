/**
 * The agency's tier rules: read them with their history, preview what a change would do, and
 * save a change — which recomputes every tier before answering, so the caller sees the
 * dashboard the new rules make.
 */
import { z } from 'zod';
import { SegmentationRulesSchema } from '@/lib/segmentation/rules-schema';
import { agencyHasCustomers } from '@/lib/customers/customers';
import { agencyUseCase } from '@/lib/use-case';
import { getRuleSettings, previewRules, saveRules } from '../rules-editor';
import { getSegmentationSummary } from '../summary';
import { recomputeTiers } from './refresh';

export const getRules = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  errors: [],
  run: ({ agency, db }) => db((tx) => getRuleSettings(tx, agency.agencyId)),
});

export const previewRuleChange = agencyUseCase({
  permission: 'rules:write',
  rateLimit: 'batch',
  body: z.object({ rules: SegmentationRulesSchema }),
  errors: [],
  run: ({ agency, db }, { body }) => db((tx) => previewRules(tx, agency.agencyId, body.rules)),
});

export const saveRuleChange = agencyUseCase({
  permission: 'rules:write',
  rateLimit: 'write',
  body: z.object({ rules: SegmentationRulesSchema, expectedVersion: z.number().int().min(1) }),
  errors: ['conflict', 'unavailable'],
  run: async ({ agency, session, db }, { body }) => {
    await db((tx) => saveRules(tx, agency.agencyId, session.userId, body.rules, body.expectedVersion));
    await recomputeTiers(agency.agencyId, {
      title: 'Saved, not yet applied',
      message: 'The rules were saved, but the tiers could not be recomputed just now. Use Refresh on the dashboard.',
    });
    return db(async (tx) => ({ settings: await getRuleSettings(tx, agency.agencyId), summary: await getSegmentationSummary(tx, agency) }));
  },
});

/** The rules page: the settings, and whether the what-if has a book to run on (an empty agency's is all zeros). */
export const loadRulesPage = agencyUseCase({
  permission: 'analytics:read',
  rateLimit: 'read',
  errors: [],
  run: ({ agency, db }) =>
    db(async (tx) => ({
      settings: await getRuleSettings(tx, agency.agencyId),
      hasCustomers: await agencyHasCustomers(tx, agency.agencyId),
    })),
});
