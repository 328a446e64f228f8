import type { SegmentationTrends } from '@/lib/segmentation/use-cases/trends';
import { ChoiceForm } from './ChoiceForm';
import { TrendChart } from './TrendChart';

/** The spans the selector offers; any other (1–36, by address) is shown as chosen too. */
const SPANS = [12, 24, 36];

/**
 * Trends: customers and premium per tier, month by month, with the span to show (a GET form,
 * like the period selector), or what to do while there is no history.
 */
export function TrendsSection({
  trends,
  keep,
  historyHint,
}: {
  trends: SegmentationTrends;
  keep: Record<string, string>;
  historyHint: string;
}) {
  const spans = SPANS.includes(trends.months) ? SPANS : [...SPANS, trends.months].sort((a, b) => a - b);
  const { points } = trends;
  return (
    <section aria-labelledby="trends-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="trends-heading" className="text-lg font-bold">
          Trends
        </h2>
        {trends.dataMode === 'live' && (
          <ChoiceForm id="trend-months" name="months" label="Show the last" value={String(trends.months)} submit="Update" keep={keep}>
            {spans.map((months) => (
              <option key={months} value={months}>
                {months} months
              </option>
            ))}
          </ChoiceForm>
        )}
      </div>
      {trends.empty ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-sm text-slate-700" data-testid="trends-empty">
          {trends.empty.message}
        </p>
      ) : (
        <>
          {points.length < trends.months && (
            <p className="text-sm text-slate-700" data-testid="trends-short">
              The history holds {points.length} of these {trends.months} months. {historyHint}
            </p>
          )}
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <TrendChart id="trend-customers" title="Customers in force by tier" points={points} metric="customers" />
            <TrendChart id="trend-premium" title="Annual premium by tier" points={points} metric="premium" />
          </div>
        </>
      )}
    </section>
  );
}
