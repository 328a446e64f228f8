import { RENEWAL_WATCH_DAYS } from '@/lib/segmentation/policy';
import type { ListSort } from '@/lib/customers/tier-customers';

const SORT_LABELS: Record<ListSort, string> = {
  premium: 'Premium (highest first)',
  lines: 'Lines (most first)',
  tenure: 'Tenure (longest first)',
  renewal: 'Next renewal (soonest first)',
  name: 'Name (A–Z, lists up to 5,000)',
};

/** The sorts a role is offered: names are hidden from roles without PII access, so they cannot sort by them. */
export const sortsFor = (canSeePii: boolean): ListSort[] =>
  (Object.keys(SORT_LABELS) as ListSort[]).filter((sort) => canSeePii || sort !== 'name');

function FilterBox(props: { name: string; value: string; checked: boolean; fixed: boolean; children: React.ReactNode }) {
  const { name, value, checked, fixed, children } = props;
  return (
    <label className="flex min-h-11 items-center gap-2">
      {/* The list's own filter: always applied by the list, so shown checked and not changeable. */}
      <input
        type="checkbox"
        name={fixed ? undefined : name}
        value={value}
        defaultChecked={fixed || checked}
        disabled={fixed}
        className="size-5"
      />
      <span>
        {children}
        {fixed && <span className="block text-xs text-slate-600">Always on in this list</span>}
      </span>
    </label>
  );
}

/**
 * The drill-down's search, sort and filters: a GET form, so it works without JavaScript and every
 * view has its own URL. Roles that see PII search by id, name or email and may sort by name;
 * viewers search by customer id only and are told why.
 */
export function TierListFilters(props: {
  title: string;
  search: string | undefined;
  sort: ListSort;
  crossSellOnly: boolean;
  /** The renewal window asked for, in days (the page offers the renewal watch's). */
  renewalWithinDays: number | undefined;
  /** The filter the list itself applies (the cross-sell and renewal lists). */
  ownFilter: 'crossSell' | 'renewal' | undefined;
  canSeePii: boolean;
}) {
  const { title, search, sort, crossSellOnly, renewalWithinDays, ownFilter, canSeePii } = props;
  return (
    <form
      method="get"
      className="grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      role="search"
      aria-label={`Find in ${title}`}
    >
      <div className="flex flex-col gap-1 text-sm font-medium">
        <label htmlFor="list-search">{canSeePii ? 'Search' : 'Customer id'}</label>
        <input
          id="list-search"
          name="search"
          defaultValue={search}
          placeholder={canSeePii ? 'Customer id, name or exact email' : 'Customer id or its beginning'}
          aria-describedby={canSeePii ? undefined : 'list-search-hint'}
          className="min-h-11 rounded-lg border border-slate-300 px-3 font-normal"
        />
        {!canSeePii && (
          <p id="list-search-hint" className="text-xs font-normal text-slate-600">
            Names and email addresses are hidden for your role, so you search by customer id.
          </p>
        )}
      </div>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Sort by
        <select name="sort" defaultValue={sort} className="min-h-11 rounded-lg border border-slate-300 px-2 font-normal">
          {sortsFor(canSeePii).map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex flex-col justify-end gap-1 text-sm">
        <legend className="sr-only">Filters</legend>
        <FilterBox name="crossSell" value="true" checked={crossSellOnly} fixed={ownFilter === 'crossSell'}>
          Cross-sell opportunities only (one line)
        </FilterBox>
        <FilterBox
          name="renewalWithinDays"
          value={String(RENEWAL_WATCH_DAYS)}
          checked={renewalWithinDays !== undefined}
          fixed={ownFilter === 'renewal'}
        >
          Renewing within {RENEWAL_WATCH_DAYS} days
        </FilterBox>
      </fieldset>
      <div className="flex items-end">
        <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-600 px-4 font-semibold text-white">
          Apply
        </button>
      </div>
    </form>
  );
}
