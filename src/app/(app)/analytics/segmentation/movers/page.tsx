import type { Metadata } from 'next';
import Link from 'next/link';
import { formatCount, formatDate } from '@/components/format';
import { BackLink } from '@/components/layout/BackLink';
import { ListPages } from '@/components/segmentation/ListParts';
import { Moved, MoversTable } from '@/components/segmentation/MoversTable';
import { NoHistoryNotice } from '@/components/segmentation/NoHistoryNotice';
import { describePeriod, describePeriodRefusal, PeriodFields } from '@/components/segmentation/PeriodFields';
import { moversListOf, MOVER_LISTS } from '@/lib/customers/lists';
import { MOVER_SORTS, type MoverDirection, type MoverSort } from '@/lib/customers/movers';
import { LIST_PAGE_SIZE } from '@/lib/customers/paging';
import { listMoversInPeriod } from '@/lib/customers/use-cases/movers';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { POLICY_WORDS } from '@/lib/segmentation/policy';
import { historyRange } from '@/lib/segmentation/snapshot-days';
import { roleHas } from '@/lib/tenancy/permissions';

type SearchParams = Record<string, string | string[] | undefined>;
const PATH = '/analytics/segmentation/movers';

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const { direction } = await searchParams;
  return { title: moversListOf(typeof direction === 'string' ? direction : undefined).label };
}

const SORT_LABELS: Record<MoverSort, (direction: MoverDirection) => string> = {
  moved: (direction) => (direction === 'down' ? 'Premium lost (most first)' : 'Premium gained (most first)'),
  premiumFrom: () => 'Premium then (highest first)',
  premiumTo: () => 'Premium now (highest first)',
  customer: () => 'Customer id (A–Z)',
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Movers (SPEC §11): who left Elite or Premium in a period (at risk) and who rose, 25 at a time,
 * from the same use case as the movers API. A GET form and plain links, so it works without
 * JavaScript and every view has its own URL (a customer page's back link returns to it).
 */
export default async function MoversPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = await searchParams;
  const asked = { direction: first(query.direction) ?? 'down', from: first(query.from), to: first(query.to), sort: first(query.sort) };
  const outcome = await runPageUseCase(listMoversInPeriod, {
    path: PATH,
    searchParams: { ...asked, cursor: first(query.cursor), limit: String(LIST_PAGE_SIZE) },
  });
  if (!outcome) return null;
  // A refused request is explained above what the page can show: the first page of the same view
  // for a stale cursor, the list's default view for anything else (a day without a snapshot…).
  const refusal = outcome.ok ? null : outcome.error;
  const staleCursor = (refusal?.details.fields?.[0]?.field ?? refusal?.details.field) === 'query.cursor';
  const fallback = { ...(staleCursor ? asked : {}), direction: asked.direction === 'up' ? 'up' : 'down' };
  const shown = outcome.ok ? outcome : await runPageUseCase(listMoversInPeriod, { path: PATH, searchParams: fallback });
  if (!shown?.ok) throw refusal ?? shown?.error;
  const { agency } = shown;
  const data = shown.value;
  const { days, from, to, fromPeriod, direction, sort, movers, nextCursor, total } = data;
  const list = MOVER_LISTS[direction];
  const cursor = outcome.ok ? first(query.cursor) : undefined;

  // The period as the page shows it: a named period stays named, so paging keeps counting from the latest snapshot.
  const period: Record<string, string> = from && to ? { from: fromPeriod ?? from, to } : {};
  const view = new URLSearchParams({ direction, ...period, sort });
  const here = `${PATH}?${new URLSearchParams({ ...Object.fromEntries(view), ...(cursor ? { cursor } : {}) })}`;
  const canExport = roleHas(agency.role, 'customers:export') && movers.length > 0;
  const other: MoverDirection = direction === 'down' ? 'up' : 'down';
  const otherView = new URLSearchParams({ direction: other, ...period });

  return (
    <div className="space-y-6">
      <BackLink />
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{list.label}</h1>
          <p className="mt-1 max-w-3xl text-slate-700">{list.description}</p>
        </div>
        {canExport && (
          <a
            href={`/api/analytics/segmentation/movers/export?${view}`}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 font-semibold text-slate-800 hover:bg-slate-50"
            data-testid="export-csv"
          >
            Export CSV
          </a>
        )}
      </header>
      <nav aria-label="Movers lists" className="flex flex-wrap gap-3">
        <Link
          href={`${PATH}?${otherView}`}
          className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 font-semibold text-brand-700"
        >
          {MOVER_LISTS[other].label} instead
        </Link>
        <Link
          href="/analytics/segmentation/movement"
          className="inline-flex min-h-11 items-center px-1 font-semibold text-brand-700 underline"
        >
          Tier movement
        </Link>
      </nav>

      {refusal && (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3" data-testid="movers-problem">
          {staleCursor
            ? 'This page link is no longer valid. Here is the first page.'
            : `${describePeriodRefusal(refusal)} Here is the list for the default period instead.`}
        </p>
      )}

      {days.length < 2 ? (
        <NoHistoryNotice days={days} canBackfill={roleHas(agency.role, 'insights:refresh')} agencySlug={agency.slug} />
      ) : (
        <form
          method="get"
          aria-label="Period and order"
          className="grid items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,16rem))_auto]"
        >
          <input type="hidden" name="direction" value={direction} />
          <PeriodFields days={days} from={from} to={to} fromPeriod={fromPeriod} />
          <label className="flex min-w-0 flex-col gap-1 text-sm font-medium">
            Sort by
            <select name="sort" defaultValue={sort} className="min-h-11 w-full rounded-lg border border-slate-300 px-2 font-normal">
              {MOVER_SORTS.map((key) => (
                <option key={key} value={key}>
                  {SORT_LABELS[key](direction)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white">
            Apply
          </button>
        </form>
      )}

      {days.length >= 2 && (!from || !to) && (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="movers-empty">
          The history does not reach back that far. {historyRange(days)}
        </p>
      )}
      {from && to && days.length >= 2 && (
        <p className="text-slate-800" data-testid="movers-summary">
          <span className="font-semibold">{describePeriod(from, to, fromPeriod)}:</span> {formatCount(total.customers)}{' '}
          {total.customers === 1 ? 'customer' : 'customers'}
          {total.customers > 0 && (
            <>
              , <Moved amount={total.premiumMoved} /> in annual premium
            </>
          )}
          .
        </p>
      )}
      {from && to && days.length >= 2 && movers.length === 0 && !cursor && (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="movers-empty">
          {direction === 'down'
            ? `No customer left ${POLICY_WORDS.valuedTiersOr} between ${formatDate(from)} and ${formatDate(to)}.`
            : `No customer rose a tier between ${formatDate(from)} and ${formatDate(to)}.`}{' '}
          {fromPeriod !== 'year' && (
            <Link
              href={`${PATH}?${new URLSearchParams({ direction, from: 'year' })}`}
              className="inline-flex min-h-11 items-center font-semibold underline"
            >
              Look over the last year
            </Link>
          )}
        </p>
      )}
      {movers.length > 0 && from && to && (
        <MoversTable
          movers={movers}
          caption={`${list.label}, ${describePeriod(from, to, fromPeriod).replace(/^From/, 'from')}`}
          returnTo={here}
        />
      )}
      <ListPages view={`${PATH}?${view}`} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
