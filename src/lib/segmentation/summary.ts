import type { Queryable } from '@/lib/db';
import {
  assignTier,
  buildPortfolio,
  customerMetrics,
  DEFAULT_RULES,
  generateIllustrativeBook,
  renewsWithinWindow,
  SEGMENTATION_POLICY,
  SegmentationRulesSchema,
  summarize,
  todayIso,
  TIERS,
  type CustomerInput,
  type Portfolio,
  type SegmentationPolicy,
  type SegmentationRules,
  type Tier,
} from '@/lib/segmentation';
import type { Membership } from '@/lib/tenancy/agencies';
import {
  compareWithSnapshot,
  DEMO_HISTORY_MESSAGE,
  tierAggregate,
  type Comparison,
  type ComparisonUnavailable,
  type SnapshotAggregate,
} from './comparison';
import { loadAgencyRules } from './rules-store';
import type { SnapshotDaySpec } from './snapshot-days';

/** The SPEC §7 summary: what the dashboard shows and GET /api/analytics/segmentation returns. */
export interface SegmentationSummary extends Portfolio {
  dataMode: 'live' | 'demo';
  agency: { id: string; name: string };
  asOf: string;
  /** When the refresh computed these numbers; null before the first refresh of a live book. */
  computedAt: string | null;
  methodology: { version: number; rules: SegmentationRules };
  /** Only when asked (compareTo): the figures on an earlier snapshot and the changes, or null… */
  comparison?: Comparison | null;
  /** …and then why there is nothing to compare with (demo data, no history, a period before it). */
  comparisonUnavailable?: ComparisonUnavailable;
}

export interface SummaryOptions {
  /** An earlier snapshot to compare every figure with (SPEC §11). */
  compareTo?: SnapshotDaySpec;
}

interface SummaryRow {
  has_customers: boolean;
  as_of: string | null;
  computed_at: Date | null;
  rules: unknown;
  rules_version: number | null;
  inactive_customers: number | null;
  totals:
    | {
        tier: Tier;
        customers: number;
        annual_premium: string;
        line_sum: number;
        active_policies: number;
        cross_sell: number;
        renewal_watch: number;
      }[]
    | null;
}

/** Scores customers with the given rules: the batch endpoint and the demo book. */
export function scoreCustomers(
  customers: CustomerInput[],
  rules: SegmentationRules,
  asOf: string,
  policy: SegmentationPolicy = SEGMENTATION_POLICY,
): Portfolio {
  return summarize(
    customers.map((customer) => {
      const metrics = customerMetrics(customer, asOf);
      const lineCount = metrics.lines.length;
      return {
        tier: assignTier({ premiumCents: metrics.premiumCents, lineCount, activePolicyCount: metrics.activePolicyCount }, rules),
        premiumCents: metrics.premiumCents,
        lineCount,
        activePolicyCount: metrics.activePolicyCount,
        renewsSoon: renewsWithinWindow(metrics.nextRenewalDate, asOf, policy),
      };
    }),
    policy,
  );
}

/**
 * One statement reading only the aggregates the refresh maintains (a handful of rows per agency),
 * so its cost does not grow with the book. An agency without customers gets the illustrative
 * demo book, scored by the same code and labelled as such. With `compareTo`, two more small
 * reads: the snapshot days and the compared day's totals.
 */
export async function getSegmentationSummary(
  tx: Queryable,
  agency: Membership,
  options: SummaryOptions = {},
): Promise<SegmentationSummary> {
  const [row] = await tx.query<SummaryRow>(
    `select exists (select 1 from public.customers where agency_id = $1) as has_customers,
            s.as_of, s.computed_at, s.rules, s.rules_version, s.inactive_customers,
            (select json_agg(json_build_object('tier', t.tier, 'customers', t.customers, 'annual_premium', t.annual_premium::text,
                      'line_sum', t.line_sum, 'active_policies', t.active_policies, 'cross_sell', t.cross_sell,
                      'renewal_watch', t.renewal_watch))
             from public.customer_segment_totals t where t.agency_id = $1) as totals
     from (select 1) as one
     left join public.agency_insight_summaries s on s.agency_id = $1`,
    [agency.agencyId],
  );
  const base = { agency: { id: agency.agencyId, name: agency.name } };

  if (!row?.has_customers) {
    const { rules, version } = await loadAgencyRules(tx, agency.agencyId);
    const asOf = todayIso();
    return {
      ...base,
      dataMode: 'demo',
      asOf,
      computedAt: new Date().toISOString(),
      methodology: { version, rules },
      ...demoPortfolio(rules, asOf),
      // An illustrative book has no past: said, never refused.
      ...(options.compareTo && {
        comparison: null,
        comparisonUnavailable: { reason: 'demo-data', message: DEMO_HISTORY_MESSAGE },
      }),
    };
  }

  const now: SnapshotAggregate = {
    inactiveCustomers: row.inactive_customers ?? 0,
    tiers: (row.totals ?? []).filter((total) => (TIERS as readonly string[]).includes(total.tier)).map(tierAggregate),
    renewalWatchKnown: true,
  };
  const comparison = options.compareTo && (await compareWithSnapshot(tx, agency, now, options.compareTo));

  if (!row.computed_at) {
    const { rules, version } = await loadAgencyRules(tx, agency.agencyId);
    return {
      ...base,
      dataMode: 'live',
      asOf: todayIso(),
      computedAt: null,
      methodology: { version, rules },
      ...buildPortfolio({ tiers: [], inactiveCustomers: 0 }),
      // Nothing computed is nothing to compare (the asked day was still checked above).
      ...(comparison && {
        comparison: null,
        comparisonUnavailable: { reason: 'no-history', message: 'The tiers have not been computed yet, so there is nothing to compare.' },
      }),
    };
  }

  return {
    ...base,
    dataMode: 'live',
    asOf: row.as_of!,
    computedAt: row.computed_at.toISOString(),
    methodology: { version: row.rules_version ?? 1, rules: SegmentationRulesSchema.catch(DEFAULT_RULES).parse(row.rules) },
    ...buildPortfolio(now),
    ...comparison,
  };
}

function demoPortfolio(rules: SegmentationRules, asOf: string): Portfolio {
  return scoreCustomers(generateIllustrativeBook(asOf), rules, asOf);
}
