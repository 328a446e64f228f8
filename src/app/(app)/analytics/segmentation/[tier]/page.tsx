import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatCurrencyCents, formatDate } from '@/components/analytics/format';
import { sortsFor, TierListFilters } from '@/components/analytics/segmentation/TierListFilters';
import { BackLink } from '@/components/layout/BackLink';
import { DomainError } from '@/lib/domain-error';
import { getPageContext } from '@/lib/auth/page-session';
import { agencyHasCustomers } from '@/lib/customers/customers';
import { CUSTOMER_LISTS, isCustomerList, isListView, listTitle } from '@/lib/customers/lists';
import { defaultSortOf, listTierCustomers, type ListSort } from '@/lib/customers/tier-customers';
import { asUser } from '@/lib/db';
import { RENEWAL_WATCH_DAYS } from '@/lib/segmentation/policy';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { roleHas } from '@/lib/tenancy/permissions';

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function generateMetadata({ params }: { params: Promise<{ tier: string }> }): Promise<Metadata> {
  const { tier: view } = await params;
  return { title: isListView(view) ? listTitle(view) : 'Customers' };
}

/** What the list page says about a refused request: the API's own words for a field problem, else start over. */
/** What a refused list request (a stale cursor, a search the role may not make) tells the reader. */
function describeRefusal(error: DomainError): string {
  if (error.details.field === 'query.cursor') return 'This page link is no longer valid. Start again from the first page.';
  return error.message;
}

/**
 * Drill-down: a tier's (or a working list's) customers, 25 at a time, sorted and searched on the
 * server. Plain links and a GET form, so it works before (and without) JavaScript and every view
 * has its own URL — which a customer page's back link returns to.
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
  const { session, agency } = await getPageContext(`/analytics/segmentation/${view}`);
  if (!agency) return null;
  const canSeePii = roleHas(agency.role, 'customers:pii');
  const query = await searchParams;
  const sortParam = one(query.sort);
  const sort: ListSort = sortsFor(canSeePii).find((option) => option === sortParam) ?? defaultSortOf(list);
  const search = one(query.search)?.trim().slice(0, 320) || undefined;
  const crossSellOnly = one(query.crossSell) === 'true';
  const renewalSoon = one(query.renewal) === 'soon';
  const cursorParam = one(query.cursor);
  const cursor = cursorParam && /^[A-Za-z0-9_-]{1,300}$/.test(cursorParam) ? cursorParam : undefined;
  const title = listTitle(view);
  const heading = tier
    ? { icon: TIER_INFO[tier].icon, color: TIER_INFO[tier].color, text: TIER_INFO[tier].recommendation }
    : { icon: null, color: undefined, text: CUSTOMER_LISTS[list!].description };

  let page: Awaited<ReturnType<typeof listTierCustomers>> | null = null;
  let problem: string | null = null;
  const { result, hasCustomers } = await asUser(session.claims, async (tx) => {
    const found = await listTierCustomers(tx, agency.agencyId, {
      tier,
      sort,
      limit: PAGE_SIZE,
      cursor,
      search,
      crossSellOnly,
      renewalWithinDays: renewalSoon ? RENEWAL_WATCH_DAYS : undefined,
      ...(list ? CUSTOMER_LISTS[list].filters : {}),
      canSeePii,
    }).catch((error: unknown) => {
      // Only a refusal of this request's own parameters is shown on the page; an outage or a
      // bug goes to the error page and the log like anywhere else.
      if (error instanceof DomainError && error.code === 'invalid') return { error };
      throw error;
    });
    // Only an empty first page needs to know why it is empty.
    const empty = !('error' in found) && found.customers.length === 0 && !cursor;
    return { result: found, hasCustomers: empty ? await agencyHasCustomers(tx, agency.agencyId) : true };
  });
  if ('error' in result) problem = describeRefusal(result.error);
  else page = result;

  const filters = new URLSearchParams({
    sort,
    ...(search ? { search } : {}),
    ...(crossSellOnly ? { crossSell: 'true' } : {}),
    ...(renewalSoon ? { renewal: 'soon' } : {}),
  });
  const here = `/analytics/segmentation/${view}?${new URLSearchParams({ ...Object.fromEntries(filters), ...(cursor ? { cursor } : {}) })}`;
  const exportQuery = new URLSearchParams({
    ...(tier ? { tier } : { list: list! }),
    sort,
    ...(search ? { search } : {}),
    ...(crossSellOnly ? { crossSell: 'true' } : {}),
    ...(renewalSoon ? { renewalWithinDays: String(RENEWAL_WATCH_DAYS) } : {}),
  });
  // Nothing to export from an empty view (an agency without customers, a search that found no one).
  const canExport = roleHas(agency.role, 'customers:export') && Boolean(page?.customers.length);
  const filtered = Boolean(search || crossSellOnly || renewalSoon);

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
          renewalSoon={renewalSoon}
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
                    <Link
                      href={`/customers/${customer.id}?${new URLSearchParams({ from: here })}`}
                      className="inline-flex min-h-11 flex-col justify-center font-semibold text-brand-700 underline"
                    >
                      <span>{customer.name ?? customer.externalId}</span>
                      <span className="text-xs font-normal text-slate-600 no-underline">{customer.externalId}</span>
                    </Link>
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
      <nav aria-label="Pages" className="flex flex-wrap gap-3">
        {cursor && (
          <Link
            href={`/analytics/segmentation/${view}?${filters}`}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-semibold"
          >
            First page
          </Link>
        )}
        {page?.nextCursor && (
          <Link
            href={`/analytics/segmentation/${view}?${new URLSearchParams({ ...Object.fromEntries(filters), cursor: page.nextCursor })}`}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-semibold text-white"
            data-testid="next-page"
          >
            Next page
          </Link>
        )}
      </nav>
    </div>
  );
}
