import type { Metadata } from 'next';
import { formatCount, formatCurrency } from '@/components/format';
import { MovementSankey, STATES, stateLabel } from '@/components/segmentation/MovementSankey';
import { MoversLinks } from '@/components/segmentation/MoversLinks';
import { NoHistoryNotice } from '@/components/segmentation/NoHistoryNotice';
import { describePeriod, describePeriodRefusal, PeriodFields } from '@/components/segmentation/PeriodFields';
import { BackLink } from '@/components/layout/BackLink';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { historyRange } from '@/lib/segmentation/snapshot-days';
import { getTierMovement } from '@/lib/segmentation/use-cases/tier-movement';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Tier movement' };

type SearchParams = Record<string, string | string[] | undefined>;

/** How customers moved between tiers from one snapshot day to another: a matrix and a Sankey-style picture. */
export default async function MovementPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const path = '/analytics/segmentation/movement';
  const asked = await runPageUseCase(getTierMovement, { path, searchParams: await searchParams });
  if (!asked) return null;
  // Days the reader cannot combine (from after to, a day without a snapshot) are explained above the default period.
  const refusal = asked.ok ? null : asked.error;
  const shown = asked.ok ? asked : await runPageUseCase(getTierMovement, { path });
  if (!shown?.ok) throw refusal ?? shown?.error;
  const data = shown.value;
  const { days, from, to, fromPeriod, paths } = data;
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
          {describePeriodRefusal(refusal)} Here is the default period instead.
        </p>
      )}
      {days.length < 2 ? (
        <NoHistoryNotice days={days} canBackfill={roleHas(shown.agency.role, 'insights:refresh')} agencySlug={shown.agency.slug} />
      ) : (
        <form
          method="get"
          aria-label="Period"
          className="grid items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4 sm:grid-cols-[repeat(2,minmax(0,16rem))_auto]"
        >
          <PeriodFields days={days} from={from} to={to} fromPeriod={fromPeriod} />
          <button type="submit" className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white">
            Compare
          </button>
        </form>
      )}
      {paths.length > 0 && from && to && (
        <>
          <section aria-labelledby="matrix-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
            <h2 id="matrix-heading" className="text-lg font-bold" data-testid="movement-period">
              {describePeriod(from, to, fromPeriod)}
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
      {days.length > 0 && from === null && (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="movement-notice">
          The history does not reach back that far. {historyRange(days)}
        </p>
      )}
      <MoversLinks period={from && to ? { from, to } : null} />
    </div>
  );
}
