import type { Metadata } from 'next';
import { formatCount, formatCurrency, formatDate } from '@/components/analytics/format';
import { MigrationSankey, STATES, stateLabel } from '@/components/analytics/segmentation/MigrationSankey';
import { BackLink } from '@/components/layout/BackLink';
import { getPageContext } from '@/lib/auth/page-session';
import { asUser } from '@/lib/db';
import { listSnapshotDays, tierMigration, type MigrationPath } from '@/lib/insights/migration';

export const metadata: Metadata = { title: 'Tier migration' };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

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

/** How customers moved between tiers from one snapshot day to another: a matrix and a Sankey-style picture. */
export default async function MigrationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { session, agency } = await getPageContext('/analytics/segmentation/migration');
  if (!agency) return null;
  const query = await searchParams;
  const data = await asUser(session.claims, async (tx) => {
    const days = await listSnapshotDays(tx, agency.agencyId);
    const pick = (value: string | undefined, fallback: string | undefined) => (value && days.includes(value) ? value : fallback);
    let to = pick(one(query.to), days[0]);
    let from = pick(one(query.from), days[1] ?? days[0]);
    if (from && to && from > to) [from, to] = [to, from];
    const paths: MigrationPath[] = from && to ? await tierMigration(tx, agency.agencyId, from, to) : [];
    return { days, from, to, paths };
  });
  const { days, from, to, paths } = data;
  const cell = (fromState: string, toState: string) => paths.find((path) => path.from === fromState && path.to === toState);
  const rows = STATES.filter((state) => paths.some((path) => path.from === state));
  const columns = STATES.filter((state) => paths.some((path) => path.to === state));

  return (
    <div className="space-y-6">
      <BackLink />
      <header>
        <h1 className="text-2xl font-bold">Tier migration</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Where customers were on one snapshot day and where they are on another. Each refresh day is a snapshot.
        </p>
      </header>
      {days.length < 2 ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="migration-notice">
          {days.length === 0
            ? 'No snapshot yet: the first refresh takes one.'
            : `One snapshot so far (${formatDate(days[0]!)}). The next refresh on another day will show how customers moved.`}
        </p>
      ) : (
        <form method="get" className="flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4">
          <DaySelect label="From" name="from" days={days} value={from} />
          <DaySelect label="To" name="to" days={days} value={to} />
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
            <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Migration matrix">
              <table className="w-full min-w-[40rem] text-left text-sm" data-testid="migration-matrix">
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
                          <td key={toState} className="py-1 pr-3 tabular-nums" data-testid={`migration-${fromState}-${toState}`}>
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
            <MigrationSankey paths={paths} />
          </section>
        </>
      )}
    </div>
  );
}
