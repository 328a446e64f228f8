import Link from 'next/link';
import { POLICY_WORDS } from '@/lib/segmentation/policy';
import { describeTierRules, METHODOLOGY_NAME, type SegmentationRules } from '@/lib/segmentation/rules';
import { FALLBACK_TIER, RULED_TIERS, TIER_INFO } from '@/lib/segmentation/tiers';
import { formatDate } from '../format';

/** How the tiers are computed, in words, with the agency's actual rules and as-of date. */
export function MethodologyPanel(props: {
  id: string;
  rules: SegmentationRules;
  version: number;
  asOf: string;
  dataMode: 'live' | 'demo';
  /** Owners and admins edit the rules; everyone else can read their history. */
  canEdit: boolean;
}) {
  const { id, rules, version, asOf, dataMode, canEdit } = props;
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="rounded-2xl border border-slate-200 bg-white p-5 text-sm text-slate-800">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        How tiers are computed
      </h2>
      <p className="mt-2">
        <strong>{METHODOLOGY_NAME}</strong>, rules version {version}, as of {formatDate(asOf)}. Data source:{' '}
        {dataMode === 'live'
          ? "your agency's policies, recomputed by the insights refresh."
          : 'an illustrative book (your agency has no customers yet).'}
      </p>
      <p className="mt-2">
        Only policies in force on the as-of date count: already effective, and not yet ended. A policy ends on its cancellation date, on its
        expiration date, or on the day an import marked it expired, whichever comes first. For each customer we add up their annual premium
        and count their distinct lines of business (two auto policies are one line). A customer with no policy in force has no tier.
      </p>
      <p className="mt-2">
        Looking back (history, comparisons, retention), the same rule applies to each past day. A policy cancelled without a cancellation
        date counts as never in force, since the day it ended is unknown; import the cancellation date to keep its history.
      </p>
      <p className="mt-2">Tiers are checked from the top; a customer takes the first one they qualify for:</p>
      <ul className="mt-2 space-y-2">
        {RULED_TIERS.map((tier) => (
          <li key={tier}>
            <span className="font-semibold" style={{ color: TIER_INFO[tier].color }}>
              {TIER_INFO[tier].icon} {TIER_INFO[tier].label}
            </span>
            : {describeTierRules(rules, tier)}.
          </li>
        ))}
        <li>
          <span className="font-semibold" style={{ color: TIER_INFO[FALLBACK_TIER].color }}>
            {TIER_INFO[FALLBACK_TIER].icon} {TIER_INFO[FALLBACK_TIER].label}
          </span>
          : every other customer with a policy in force.
        </li>
      </ul>
      <p className="mt-2">
        A cross-sell opportunity is an {POLICY_WORDS.valuedTiersOr} customer with {POLICY_WORDS.crossSellLines}.
      </p>
      <p className="mt-3">
        <Link href="/analytics/segmentation/rules" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
          {canEdit ? 'Edit tier rules' : 'Rule history'}
        </Link>
        <span aria-hidden="true"> · </span>
        <Link href="/analytics/segmentation/movement" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
          Tier movement over time
        </Link>
      </p>
    </section>
  );
}
