import type { Metadata } from 'next';
import { formatCount, formatCurrency, formatDate } from '@/components/format';
import { MovementSankey, STATES, stateLabel } from '@/components/segmentation/MovementSankey';
import { BackLink } from '@/components/layout/BackLink';
import type { DomainError } from '@/lib/domain-error';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { getTierMovement } from '@/lib/segmentation/use-cases/tier-movement';

export const metadata: Metadata = { title: 'Tier movement' };

type SearchParams = Record<string, string | string[] | undefined>;

function DaySelect({ label, name, days, value }: { label: string; name: string; days: string[]; value: string | undefined }) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <select name={name} defaultValue={value} className="min-h-11 rounded-lg border border-slate-300 px-2 font-normal">
        {days.map((day) => (
          <option key={day} value={day}>
            {formatDate(day)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The use case's words for a day it refused, named as the form names it. */
function describeRefusal(refusal: DomainError): string {
  const problem = refusal.details.fields?.[0];
  if (!problem) return refusal.message;
  if (problem.message === 'Must be on or before "to".') return 'The “From” day must be on or before the “To” day.';
  return `${problem.field === 'query.from' ? '“From”' : '“To”'}: ${problem.message}`;
}

/** How customers moved between tiers from one snapshot day to another: a matrix and a Sankey-style picture. */
export default async function MovementPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const path = '/analytics/segmentation/movement';
  const asked = await runPageUseCase(getTierMovement, { path, searchParams: await searchParams });
  if (!asked) return null;
  // Days the reader cannot combine (from after to) are explained above the latest two days.
  const refusal = asked.ok ? null : asked.error;
  const shown = asked.ok ? asked : await runPageUseCase(getTierMovement, { path });
  if (!shown?.ok) throw refusal ?? shown?.error;
  const data = shown.value;
  const { days, from, to, paths } = data;
  const cell = (fromState: string, toState: string) => paths.find((path) => path.from === fromState && path.to === toState);
  const rows = STATES.filter((state) => paths.some((path) => path.from === state));
  const columns = STATES.filter((state) => paths.some((path) => path.to === state));

  return (
    <div className="space-y-6">
      <BackLink />
      <header>
        <h1 className="text-2xl font-bold">Tier movement</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Where customers were on one snapshot day and where they are on another. Each refresh day is a snapshot.
        </p>
      </header>
      {refusal && (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3" data-testid="movement-problem">
          {describeRefusal(refusal)} Here are the latest two snapshot days.
        </p>
      )}
      {days.length < 2 ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="movement-notice">
          {days.length === 0
            ? 'No snapshot yet: the first refresh takes one.'
            : `One snapshot so far (${formatDate(days[0]!)}). The next refresh on another day will show how customers moved.`}
        </p>
      ) : (
        <form method="get" className="flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4">
          <DaySelect label="From" name="from" days={days} value={from ?? undefined} />
          <DaySelect label="To" name="to" days={days} value={to ?? undefined} />
          <button type="submit" className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white">
            Compare
          </button>
        </form>
      )}
      {paths.length > 0 && from && to && (
        <>
          <section aria-labelledby="matrix-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
            <h2 id="matrix-heading" className="text-lg font-bold">
              From {formatDate(from)} to {formatDate(to)}
            </h2>
            <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Movement matrix">
              <table className="w-full min-w-[40rem] text-left text-sm" data-testid="movement-matrix">
                <caption className="sr-only">
                  Customers and premium (on the later day) moving from each row&apos;s state to each column&apos;s
                </caption>
                <thead>
                  <tr>
                    <th className="py-1 pr-3">From ↓ / To →</th>
                    {columns.map((state) => (
                      <th key={state} scope="col" className="py-1 pr-3">
                        {stateLabel(state)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((fromState) => (
                    <tr key={fromState} className="border-t border-slate-100">
                      <th scope="row" className="py-1 pr-3">
                        {stateLabel(fromState)}
                      </th>
                      {columns.map((toState) => {
                        const path = cell(fromState, toState);
                        return (
                          <td key={toState} className="py-1 pr-3 tabular-nums" data-testid={`movement-${fromState}-${toState}`}>
                            {path ? `${formatCount(path.customers)} · ${formatCurrency(Number(path.premiumTo))}` : '—'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="rounded-2xl border border-slate-200 bg-white p-4">
            <MovementSankey paths={paths} />
          </section>
        </>
      )}
    </div>
  );
}
