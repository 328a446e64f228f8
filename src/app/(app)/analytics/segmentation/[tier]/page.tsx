import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { formatCurrencyCents, formatDate } from '@/components/format';
import { CustomerLink, ListPages } from '@/components/segmentation/ListParts';
import { sortsFor, TierListFilters } from '@/components/segmentation/TierListFilters';
import { BackLink } from '@/components/layout/BackLink';
import { DomainError } from '@/lib/domain-error';
import { LIST_PAGE_SIZE } from '@/lib/customers/paging';
import { ListCustomersQuery, listCustomersInView } from '@/lib/customers/use-cases/list-view';
import { CUSTOMER_LISTS, isCustomerList, isListView, listTitle } from '@/lib/customers/lists';
import { defaultSortOf, type ListSort } from '@/lib/customers/tier-customers';
import { runPageUseCase } from '@/lib/http/run-page-use-case';
import { getPageContext } from '@/lib/http/page-session';
import { RENEWAL_WATCH_DAYS } from '@/lib/segmentation/policy';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { roleHas } from '@/lib/tenancy/permissions';

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ tier: string }> }): Promise<Metadata> {
  const { tier: view } = await params;
  return { title: isListView(view) ? listTitle(view) : 'Customers' };
}

/** What a refused list request (a stale cursor, a search the role may not make) tells the reader. */
function describeRefusal(error: DomainError): string {
  const problem = error.details.fields?.[0] ?? { field: error.details.field, message: error.message };
  if (problem.field === 'query.cursor') return 'This page link is no longer valid. Start again from the first page.';
  return problem.message;
}

/**
 * Links written before the page took the API's words said `renewal=soon`; they still open the
 * same view.
 */
function redirectOldVocabulary(view: string, query: SearchParams) {
  if (query.renewal === undefined) return;
  const { renewal, ...rest } = query;
  const next = new URLSearchParams(Object.entries(rest).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])));
  if (renewal === 'soon') next.set('renewalWithinDays', String(RENEWAL_WATCH_DAYS));
  redirect(`/analytics/segmentation/${view}?${next}`);
}

/**
 * Drill-down: a tier's (or a working list's) customers, 25 at a time, sorted and searched on the
 * server by the same use case as the list API. Plain links and a GET form, so it works before
 * (and without) JavaScript and every view has its own URL — which a customer page's back link
 * returns to.
 */
export default async function TierCustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tier: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tier: view } = await params;
  if (!isListView(view)) notFound();
  const list = isCustomerList(view) ? view : undefined;
  const tier = isCustomerList(view) ? undefined : view;
  const query = await searchParams;
  redirectOldVocabulary(view, query);
  const path = `/analytics/segmentation/${view}`;
  const { agency: viewer } = await getPageContext(path);
  if (!viewer) return null;
  const canSeePii = roleHas(viewer.role, 'customers:pii');
  const { cursor: _cursor, limit: _limit, tier: _tier, list: _list, ...filterParams } = query;
  // A link sorted by name, opened by a role that sees no names, shows the default order (the
  // sort box never offers it to them) rather than a refusal.
  if (!canSeePii && filterParams.sort === 'name') delete filterParams.sort;
  const outcome = await runPageUseCase(listCustomersInView, {
    path,
    searchParams: { ...filterParams, ...(list ? { list } : { tier }), cursor: query.cursor, limit: String(LIST_PAGE_SIZE) },
  });
  if (!outcome) return null;
  const { agency } = outcome;
  const requested = ListCustomersQuery.partial().safeParse(
    Object.fromEntries(Object.entries(filterParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const shown = requested.success ? requested.data : {};
  const sort: ListSort = shown.sort && sortsFor(canSeePii).includes(shown.sort) ? shown.sort : defaultSortOf(list);
  const search = shown.search || undefined;
  const crossSellOnly = shown.crossSell === 'true';
  const renewalWithinDays = shown.renewalWithinDays;
  const cursor = outcome.ok ? (Array.isArray(query.cursor) ? query.cursor[0] : query.cursor) : undefined;
  const page = outcome.ok ? outcome.value : null;
  const problem = outcome.ok ? null : describeRefusal(outcome.error);
  const hasCustomers = !page?.bookIsEmpty;
  const title = listTitle(view);
  const heading = tier
    ? { icon: TIER_INFO[tier].icon, color: TIER_INFO[tier].color, text: TIER_INFO[tier].recommendation }
    : { icon: null, color: undefined, text: CUSTOMER_LISTS[list!].description };

  const filters = new URLSearchParams({
    sort,
    ...(search ? { search } : {}),
    ...(crossSellOnly ? { crossSell: 'true' } : {}),
    ...(renewalWithinDays !== undefined ? { renewalWithinDays: String(renewalWithinDays) } : {}),
  });
  const here = `/analytics/segmentation/${view}?${new URLSearchParams({ ...Object.fromEntries(filters), ...(cursor ? { cursor } : {}) })}`;
  const exportQuery = new URLSearchParams({ ...(tier ? { tier } : { list: list! }), ...Object.fromEntries(filters) });
  // Nothing to export from an empty view (an agency without customers, a search that found no one).
  const canExport = roleHas(agency.role, 'customers:export') && Boolean(page?.customers.length);
  const filtered = Boolean(search || crossSellOnly || renewalWithinDays !== undefined);

  return (
    <div className="space-y-6">
      <BackLink />
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold" style={{ color: heading.color }}>
            {heading.icon && <span aria-hidden="true">{heading.icon} </span>}
            {title}
          </h1>
          <p className="mt-1 max-w-3xl text-slate-700">{heading.text}</p>
        </div>
        {canExport && (
          <a
            href={`/api/analytics/segmentation/export?${exportQuery}`}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 font-semibold text-slate-800 hover:bg-slate-50"
            data-testid="export-csv"
          >
            Export CSV
          </a>
        )}
      </header>

      {hasCustomers ? (
        <TierListFilters
          title={title}
          search={search}
          sort={sort}
          crossSellOnly={crossSellOnly}
          renewalWithinDays={renewalWithinDays}
          ownFilter={list ? CUSTOMER_LISTS[list].ownFilter : undefined}
          canSeePii={canSeePii}
        />
      ) : (
        <section className="rounded-2xl border border-amber-200 bg-amber-50 p-4 text-amber-950" data-testid="empty-agency">
          <h2 className="font-semibold">Your agency has no customers yet, so there is nobody to list.</h2>
          <p className="mt-1">
            The dashboard shows an illustrative book until the book of business is imported.{' '}
            {roleHas(agency.role, 'customers:import') ? (
              <Link href="/customers/import" className="font-semibold underline">
                Import your book of business
              </Link>
            ) : (
              'Ask an owner or admin of your agency to import it.'
            )}
          </p>
        </section>
      )}

      {problem && (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3" data-testid="list-problem">
          {problem}{' '}
          <Link href={`/analytics/segmentation/${view}`} className="font-semibold underline">
            First page
          </Link>
        </p>
      )}
      {hasCustomers && page && page.customers.length === 0 && (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="list-empty">
          {search
            ? `No customer ${canSeePii ? 'matches' : 'id starts with'} “${search}”.`
            : filtered
              ? 'No customers match these filters.'
              : `No customers are ${list ? 'on this list' : 'in this tier'} right now.`}{' '}
          {filtered && (
            <Link href={`/analytics/segmentation/${view}`} className="font-semibold underline">
              Clear the search and filters
            </Link>
          )}
        </p>
      )}
      {page && page.customers.length > 0 && (
        <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={title}>
          <table className="w-full min-w-[44rem] text-left text-sm" data-testid="tier-customers">
            <thead className="text-slate-600">
              <tr>
                <th className="px-3 py-2 font-semibold">Customer</th>
                <th className="px-3 py-2 font-semibold">Email</th>
                <th className="px-3 py-2 text-right font-semibold">Annual premium</th>
                <th className="px-3 py-2 text-right font-semibold">Lines</th>
                <th className="px-3 py-2 text-right font-semibold">Tenure (years)</th>
                <th className="px-3 py-2 font-semibold">Next renewal</th>
              </tr>
            </thead>
            <tbody>
              {page.customers.map((customer) => (
                <tr key={customer.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <CustomerLink id={customer.id} externalId={customer.externalId} name={customer.name} returnTo={here} />
                  </td>
                  <td className="px-3 py-2 break-all">{customer.email ?? '—'}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCurrencyCents(Number(customer.annualPremium))}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{customer.distinctLines}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{customer.tenureYears ?? '—'}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{customer.nextRenewalDate ? formatDate(customer.nextRenewalDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListPages view={`/analytics/segmentation/${view}?${filters}`} cursor={cursor} nextCursor={page?.nextCursor} />
    </div>
  );
}
