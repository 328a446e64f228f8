import type { Metadata } from 'next';
import { BackToDashboard } from '@/components/layout/BackToDashboard';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatCurrencyCents, formatDate } from '@/components/analytics/format';
import { getPageContext } from '@/lib/auth/page-session';
import { CUSTOMER_LISTS, LIST_SORTS, listTierCustomers, type CustomerList, type ListSort } from '@/lib/customers/tier-customers';
import { asUser } from '@/lib/db';
import { TIER_INFO, TIERS, type Tier } from '@/lib/segmentation/tiers';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Tier customers · Customer Segmentation' };

const SORT_LABELS: Record<ListSort, string> = {
  premium: 'Premium (highest first)',
  lines: 'Lines (most first)',
  tenure: 'Tenure (longest first)',
  renewal: 'Next renewal (soonest first)',
  name: 'Name (A–Z, lists up to 5,000)',
};
const RENEWAL_WATCH_DAYS = 60;
const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Drill-down: a tier's customers, 25 at a time, sorted and searched on the server. Plain links and
 * a GET form, so it works before (and without) JavaScript and every view has its own URL.
 */
export default async function TierCustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tier: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tier: view } = await params;
  // A tier (elite … entry) or one of the working lists (cross-sell, renewal-watch).
  const tier = (TIERS as readonly string[]).includes(view) ? (view as Tier) : undefined;
  const list = view in CUSTOMER_LISTS ? (view as CustomerList) : undefined;
  if (!tier && !list) notFound();
  const { session, agency } = await getPageContext(`/analytics/segmentation/${view}`);
  if (!agency) return null;
  const query = await searchParams;
  const sortParam = one(query.sort);
  const sort: ListSort = sortParam && (LIST_SORTS as readonly string[]).includes(sortParam) ? (sortParam as ListSort) : 'premium';
  const search = one(query.search)?.trim().slice(0, 320) || undefined;
  const crossSellOnly = one(query.crossSell) === 'true';
  const renewalSoon = one(query.renewal) === 'soon';
  const cursor = one(query.cursor);
  const heading = tier
    ? {
        title: `${TIER_INFO[tier].label} customers`,
        icon: TIER_INFO[tier].icon,
        color: TIER_INFO[tier].color,
        text: TIER_INFO[tier].recommendation,
      }
    : { title: CUSTOMER_LISTS[list!].label, icon: null, color: undefined, text: CUSTOMER_LISTS[list!].description };

  let page: Awaited<ReturnType<typeof listTierCustomers>> | null = null;
  let problem: string | null = null;
  try {
    page = await asUser(session.claims, (tx) =>
      listTierCustomers(tx, agency.agencyId, {
        tier,
        sort,
        limit: PAGE_SIZE,
        cursor: cursor && /^[A-Za-z0-9_-]{1,300}$/.test(cursor) ? cursor : undefined,
        search,
        crossSellOnly,
        renewalWithinDays: renewalSoon ? RENEWAL_WATCH_DAYS : undefined,
        ...(list ? CUSTOMER_LISTS[list].filters : {}),
        canSeePii: roleHas(agency.role, 'customers:pii'),
      }),
    );
  } catch {
    problem = 'This page link is no longer valid. Start again from the first page.';
  }

  const filters = new URLSearchParams({
    sort,
    ...(search ? { search } : {}),
    ...(crossSellOnly ? { crossSell: 'true' } : {}),
    ...(renewalSoon ? { renewal: 'soon' } : {}),
  });
  const exportQuery = new URLSearchParams({
    ...(tier ? { tier } : { list: list! }),
    sort,
    ...(search ? { search } : {}),
    ...(crossSellOnly ? { crossSell: 'true' } : {}),
    ...(renewalSoon ? { renewalWithinDays: String(RENEWAL_WATCH_DAYS) } : {}),
  });
  const canExport = roleHas(agency.role, 'customers:export');

  return (
    <div className="space-y-6">
      <BackToDashboard />
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold" style={{ color: heading.color }}>
            {heading.icon && <span aria-hidden="true">{heading.icon} </span>}
            {heading.title}
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

      <form
        method="get"
        className="grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
        role="search"
        aria-label={`Find in ${heading.title}`}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Search
          <input
            name="search"
            defaultValue={search}
            placeholder="Customer id, name or exact email"
            className="min-h-11 rounded-lg border border-slate-300 px-3 font-normal"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Sort by
          <select name="sort" defaultValue={sort} className="min-h-11 rounded-lg border border-slate-300 px-2 font-normal">
            {(Object.keys(SORT_LABELS) as ListSort[]).map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col justify-end gap-1 text-sm">
          <legend className="sr-only">Filters</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="crossSell" value="true" defaultChecked={crossSellOnly} className="size-5" />
            Cross-sell opportunities only (one line)
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="renewal" value="soon" defaultChecked={renewalSoon} className="size-5" />
            Renewing within {RENEWAL_WATCH_DAYS} days
          </label>
        </fieldset>
        <div className="flex items-end">
          <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-600 px-4 font-semibold text-white">
            Apply
          </button>
        </div>
      </form>

      {problem && (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-3">
          {problem}{' '}
          <Link href={`/analytics/segmentation/${view}`} className="font-semibold underline">
            First page
          </Link>
        </p>
      )}
      {page && page.customers.length === 0 && (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-slate-700">No customers match.</p>
      )}
      {page && page.customers.length > 0 && (
        <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={heading.title}>
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
                      href={`/customers/${customer.id}`}
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
