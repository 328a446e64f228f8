import { DomainError } from '@/lib/domain-error';
import type { Queryable } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import type { Aliased, Columns } from '@/lib/db/rows';
import { SegmentationRulesSchema } from '@/lib/segmentation';
import type { SegmentationRules } from '@/lib/segmentation/rules';
import { TIERS, type Tier } from '@/lib/segmentation/tiers';
import { loadAgencyRules } from './rules-store';

/**
 * The rules editor (SPEC §5): the agency's rules with their versioned history, a what-if
 * preview, and saving (the caller then recomputes the tiers). Everything runs as the signed-in
 * user: RLS lets members read and only owners and admins write.
 */
type HistoryRow = Columns<'segmentation_settings_history', 'version' | 'rules'> &
  Aliased<'segmentation_settings_history', { changedAt: 'changed_at' }> &
  /** The email of who saved it, null once they left the agency. */
  Aliased<'auth.users', { changedBy: 'email' }>;

export type RuleHistoryEntry = Omit<HistoryRow, 'rules'> & { rules: SegmentationRules };

export async function getRuleSettings(tx: Queryable, agencyId: string) {
  const { rules, version } = await loadAgencyRules(tx, agencyId);
  const rows = await tx.query<HistoryRow>(
    `select h.version, h.rules, h.changed_at as "changedAt", d.email as "changedBy"
     from public.segmentation_settings_history h
     left join private.agency_member_directory($1) d on d.user_id = h.changed_by
     where h.agency_id = $1 order by h.version desc limit 50`,
    [agencyId],
  );
  // The stored rules are JSON: parsed here, as loadAgencyRules parses the current ones. A version
  // that today's schema no longer reads is left out of the history (and logged), not allowed to
  // take the settings page down with it.
  const history = rows.flatMap((row): RuleHistoryEntry[] => {
    const parsed = SegmentationRulesSchema.safeParse(row.rules);
    if (parsed.success) return [{ ...row, rules: parsed.data }];
    logger.warn({ agencyId, version: row.version }, 'a stored version of the tier rules no longer parses; left out of the history');
    return [];
  });
  return { rules, version, history };
}

export interface TierPreview {
  tier: Tier;
  customers: number;
  annualPremium: string;
}

/**
 * What the tiers would be under `rules`: every active customer's premium and distinct lines as of
 * the last refresh, tiered by the same first-matching-rule logic as the refresh (so saving gives
 * exactly these counts when the book has not changed since).
 */
export async function previewRules(tx: Queryable, agencyId: string, rules: SegmentationRules) {
  // Computed per tier: the tier named in the rules' order, the sum as text (exact cents).
  const rows = await tx.query<{ tier: Tier; customers: number; annual_premium: string }>(
    `with tier_order as (select $3::text[]::public.customer_tier[] as tiers),
     rule_rows as (
       select ruled.rank, ruled.tier,
              (rule ->> 'minPremium')::numeric as min_premium, (rule ->> 'minLines')::integer as min_lines
       from tier_order o
       cross join lateral unnest(o.tiers) with ordinality as ruled (tier, rank)
       cross join lateral jsonb_array_elements($2::jsonb -> ruled.tier::text) as rule
       where ruled.rank < cardinality(o.tiers)
     )
     select coalesce((select r.tier from rule_rows r
                      where i.annual_premium >= r.min_premium and i.distinct_lines >= r.min_lines
                      order by r.rank limit 1), (select o.tiers[cardinality(o.tiers)] from tier_order o))::text as tier,
            count(*)::int as customers, sum(i.annual_premium)::text as annual_premium
     from public.customer_insights i
     where i.agency_id = $1 and i.tier is not null
     group by 1`,
    // The tier order as the refresh takes it (policy.ts): first matching rule wins, the last tier otherwise.
    [agencyId, rules, TIERS],
  );
  const [summary] = await tx.query<Columns<'agency_insight_summaries', 'as_of'>>(
    'select as_of from public.agency_insight_summaries where agency_id = $1',
    [agencyId],
  );
  return {
    asOf: summary?.as_of ?? null,
    segments: TIERS.map((tier) => {
      const row = rows.find((r) => r.tier === tier);
      return { tier, customers: row?.customers ?? 0, annualPremium: row?.annual_premium ?? '0' } satisfies TierPreview;
    }),
  };
}

/** Saves new rules as the next version, with its history row and an audit event. */
export async function saveRules(tx: Queryable, agencyId: string, userId: string, rules: SegmentationRules, expectedVersion: number) {
  const { version } = await loadAgencyRules(tx, agencyId);
  if (version !== expectedVersion) {
    throw new DomainError(
      'conflict',
      `The rules were changed by someone else (now version ${version}). Reload them and apply your change again.`,
    );
  }
  const next = version + 1;
  await tx.query(
    `insert into public.segmentation_settings (agency_id, rules, version, updated_by, updated_at) values ($1, $2, $3, $4, now())
     on conflict (agency_id) do update set rules = excluded.rules, version = excluded.version, updated_by = excluded.updated_by, updated_at = now()`,
    [agencyId, rules, next, userId],
  );
  await tx.query(`insert into public.segmentation_settings_history (agency_id, version, rules, changed_by) values ($1, $2, $3, $4)`, [
    agencyId,
    next,
    rules,
    userId,
  ]);
  await tx.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'rules-change', $3)`, [
    agencyId,
    userId,
    { from: version, to: next },
  ]);
  return next;
}
