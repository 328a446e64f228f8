import Link from 'next/link';

/**
 * The parts every customer list page shares (the drill-down, the movers): the customer cell that
 * opens the customer page (which returns to `returnTo`), and the paging links.
 */
export function CustomerLink(props: { id: string; externalId: string; name: string | null; returnTo: string }) {
  return (
    <Link
      href={`/customers/${props.id}?${new URLSearchParams({ from: props.returnTo })}`}
      className="inline-flex min-h-11 flex-col justify-center font-semibold text-brand-700 underline"
    >
      <span>{props.name ?? props.externalId}</span>
      <span className="text-xs font-normal text-slate-600 no-underline">{props.externalId}</span>
    </Link>
  );
}

/** "First page" (when past it) and "Next page" (when there is one): `view` is the list's address without a cursor. */
export function ListPages({
  view,
  cursor,
  nextCursor,
}: {
  view: string;
  cursor: string | undefined;
  nextCursor: string | null | undefined;
}) {
  const [path, query = ''] = view.split('?');
  return (
    <nav aria-label="Pages" className="flex flex-wrap gap-3">
      {cursor && (
        <Link href={view} className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-semibold">
          First page
        </Link>
      )}
      {nextCursor && (
        <Link
          href={`${path}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), cursor: nextCursor })}`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-semibold text-white"
          data-testid="next-page"
        >
          Next page
        </Link>
      )}
    </nav>
  );
}
