import type { Comparison, ComparisonUnavailable } from '@/lib/segmentation/comparison';
import { NAMED_PERIODS, PERIOD_LABELS, isNamedPeriod } from '@/lib/segmentation/snapshot-days';
import { formatDate } from '../format';
import { ChoiceForm } from './ChoiceForm';

/** "Changes since the snapshot of October 31, 2026 (30 days ago), computed from policy dates." */
function sentence(comparison: Comparison): string {
  const period = isNamedPeriod(comparison.compareTo) ? ` (${PERIOD_LABELS[comparison.compareTo].toLowerCase()})` : '';
  const source = comparison.source === 'backfill' ? ', computed from policy dates' : '';
  return `Changes since the snapshot of ${formatDate(comparison.asOf)}${period}${source}.`;
}

/**
 * "Compare with": the period selector (30 days ago, last month-end, same day last year, or a
 * snapshot day) and the sentence saying which snapshot the deltas are against, or why there are
 * none. A GET form (ChoiceForm): it works without JavaScript; with it, choosing applies at once.
 */
export function ComparisonPicker(props: {
  selected: string;
  days: string[];
  comparison: Comparison | null | undefined;
  unavailable: ComparisonUnavailable | undefined;
  /** The page's other choice, kept when this one changes. */
  keep: Record<string, string>;
}) {
  const { selected, days, comparison, unavailable, keep } = props;
  // A day chosen by address that the list leaves out is still shown as chosen.
  const listed = isNamedPeriod(selected) || days.includes(selected) ? days : [selected, ...days];
  return (
    // No card around it: on a phone the headline figures must still fit the first screen.
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="sr-only">
        Comparison
      </h2>
      {/* Demo figures have no past to choose from: only the sentence saying so. */}
      {unavailable?.reason !== 'demo-data' && (
        <ChoiceForm id="compare-to" name="compareTo" label="Compare with" value={selected} submit="Compare" keep={keep} grow>
          {NAMED_PERIODS.map((period) => (
            <option key={period} value={period}>
              {PERIOD_LABELS[period]}
            </option>
          ))}
          {listed.length > 0 && (
            <optgroup label="Snapshot day">
              {listed.map((day) => (
                <option key={day} value={day}>
                  {formatDate(day)}
                </option>
              ))}
            </optgroup>
          )}
        </ChoiceForm>
      )}
      <p aria-live="polite" className="mt-1 text-sm text-slate-700" data-testid="comparison-statement">
        {comparison ? sentence(comparison) : (unavailable?.message ?? '')}
      </p>
    </section>
  );
}
