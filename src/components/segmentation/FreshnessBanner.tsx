import Link from 'next/link';
import type { Freshness } from '@/lib/segmentation/freshness';
import { formatDate, formatDateTime } from '../format';

/**
 * Said above the dashboard when its figures are older than they should be (SPEC §11: 26 hours):
 * how old, and why, in the reason's words (src/lib/segmentation/freshness.ts), with what to do.
 * Rendered on the server; nothing when the figures are fresh.
 */
export function FreshnessBanner({ freshness, canRecompute }: { freshness: Freshness; canRecompute: boolean }) {
  if (!freshness.stale || !freshness.reason) return null;
  const { computedAt, ageHours, lastFailure, lastScheduledRun, nextScheduledRunAt } = freshness;
  const next = nextScheduledRunAt ? ` It runs next on ${formatDateTime(nextScheduledRunAt)}.` : '';
  const refreshNow = canRecompute ? 'Press Refresh to recompute them now.' : 'An owner or admin can press Refresh to recompute them now.';

  const why: Record<typeof freshness.reason, string> = {
    'last-run-failed': `The last refresh, on ${lastFailure ? formatDateTime(lastFailure.at) : 'an earlier day'}, failed.`,
    'scheduler-off':
      'The daily refresh is switched off in this deployment (REFRESH_SCHEDULER=off), so the figures change only when someone presses Refresh or a separate cron job runs the refresh.',
    running: 'Today’s daily refresh is running now; the figures update when it finishes.',
    'no-run-yet': `The daily refresh has not run for this agency yet.${next}`,
    overdue: `The daily refresh last ran for ${lastScheduledRun ? formatDate(lastScheduledRun.day) : 'an earlier day'} and has not run since: the app may not have been running at its scheduled time.${next}`,
  };

  return (
    <div
      role="status"
      className="mb-6 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950"
      data-testid="freshness-banner"
    >
      <p className="font-semibold">
        {computedAt && ageHours !== null
          ? `These figures are ${ageHours < 48 ? `${ageHours} hours` : `${Math.floor(ageHours / 24)} days`} old (computed ${formatDateTime(computedAt)}).`
          : 'These figures have not been computed yet.'}
      </p>
      <p className="mt-1">{why[freshness.reason]}</p>
      {freshness.reason === 'last-run-failed' &&
        (lastFailure?.error ? (
          <p className="mt-1 [overflow-wrap:anywhere]">
            Recorded error: <code className="rounded bg-white px-1">{lastFailure.error}</code>
          </p>
        ) : (
          <p className="mt-1">
            An owner or admin can see its error under{' '}
            <Link href="/help/troubleshooting" className="inline-flex min-h-11 items-center font-semibold underline">
              Help → Troubleshooting
            </Link>
            .
          </p>
        ))}
      {freshness.reason !== 'running' && <p className="mt-1">{refreshNow}</p>}
    </div>
  );
}
