'use client';

import { describeTierRules } from '@/lib/segmentation/rules';
import { versionsWithChanges, type RuleVersion, type RuleVersionWithChanges } from '@/lib/segmentation/rules-history';
import { RULED_TIERS, TIER_INFO } from '@/lib/segmentation/tiers';
import { formatDateTime } from '../format';

function whatChanged(entry: RuleVersionWithChanges) {
  if (entry.version === 1) return 'The default rules.';
  if (entry.changed === null) return 'Changes from the version before are not shown (older than this history).';
  if (entry.changed.length === 0) return 'Saved without changing a rule.';
  return `Changed: ${entry.changed.map((tier) => TIER_INFO[tier].label).join(', ')}.`;
}

/**
 * Every version of the rules, newest first: when and by whom, every tier's rules, what changed
 * from the version before, and (for owners and admins) a way to load it back into the editor.
 */
export function RulesHistory(props: { history: RuleVersion[]; currentVersion: number; onRestore: ((entry: RuleVersion) => void) | null }) {
  const { history, currentVersion, onRestore } = props;
  const versions = versionsWithChanges(history, currentVersion);
  return (
    <section aria-labelledby="history-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
      <h2 id="history-heading" className="text-lg font-bold">
        History
      </h2>
      <ol className="mt-2 space-y-4 text-sm" data-testid="rules-history">
        {versions.map((entry) => (
          <li
            key={entry.version}
            className="border-t border-slate-100 pt-3 first:border-t-0 first:pt-0"
            data-testid={`rules-version-${entry.version}`}
          >
            <h3 className="font-semibold">
              Version {entry.version}
              {entry.version === currentVersion && <span className="ml-2 rounded bg-green-50 px-1.5 text-green-800">in force</span>}
            </h3>
            <p className="text-slate-700">
              {entry.changedAt
                ? `${formatDateTime(entry.changedAt)} · ${entry.changedBy ?? 'a former member'}`
                : 'Since the agency started'}
              {' · '}
              {whatChanged(entry)}
            </p>
            <dl className="mt-1 space-y-0.5">
              {RULED_TIERS.map((tier) => {
                const changed = entry.changed?.includes(tier) && entry.previous;
                return (
                  <div key={tier} className="flex flex-wrap gap-x-1">
                    <dt className="font-semibold">
                      {TIER_INFO[tier].label}
                      {changed ? ' (changed)' : ''}:
                    </dt>
                    <dd>
                      {describeTierRules(entry.rules, tier)}.
                      {changed && <span className="text-slate-600"> Was: {describeTierRules(entry.previous!, tier)}.</span>}
                    </dd>
                  </div>
                );
              })}
            </dl>
            {onRestore && entry.version !== currentVersion && (
              <button
                type="button"
                onClick={() => onRestore(entry)}
                className="mt-2 min-h-11 rounded-lg border border-slate-300 px-3 font-semibold text-slate-800 hover:bg-slate-50"
              >
                Load version {entry.version} into the editor
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
