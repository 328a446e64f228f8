import Link from 'next/link';
import { formatDate } from '@/components/format';
import { MAX_HISTORY_MONTHS } from '@/lib/segmentation/backfill';

/**
 * What a page comparing snapshot days says before there are two (SPEC §11): why there is nothing
 * to compare yet, and how the history is filled in: each daily refresh adds a day, and the
 * backfill computes past month-ends from policy dates (owners and admins).
 */
export function NoHistoryNotice({ days, canBackfill, agencySlug }: { days: string[]; canBackfill: boolean; agencySlug: string }) {
  return (
    <section className="rounded-2xl border border-amber-200 bg-amber-50 p-4 text-amber-950" data-testid="no-history">
      <h2 className="font-semibold">
        {days.length === 0
          ? 'No snapshot yet, so there is nothing to compare.'
          : `One snapshot so far (${formatDate(days[0]!)}), so there is nothing to compare it with yet.`}
      </h2>
      <p className="mt-1">
        Each daily refresh adds a snapshot. The past can be computed from your policies&apos; dates: a snapshot at each month-end, up to{' '}
        {MAX_HISTORY_MONTHS} months back.
      </p>
      {canBackfill ? (
        <>
          <p className="mt-1">
            Use <strong>Compute history</strong> on the dashboard, or run{' '}
            <code className="rounded bg-white px-1 break-all">npm run insights:backfill -- --agency {agencySlug}</code> on the server.
          </p>
          <Link href="/analytics/segmentation" className="mt-1 inline-flex min-h-11 items-center font-semibold underline">
            Open the dashboard
          </Link>
        </>
      ) : (
        <p className="mt-1">Ask an owner or admin of your agency to compute it.</p>
      )}
    </section>
  );
}
