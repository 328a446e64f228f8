'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ProgressBar } from '@/components/import/ProgressBar';
import { problemText, UNREACHABLE_MESSAGE } from '@/lib/http/problem-text';
import { formatDateTime } from '../format';
import type { BackfillMode, BackfillRunStatus } from '@/lib/segmentation/backfill-runs';

/**
 * "Compute history" and its progress (SPEC §11), an island in the server-rendered retention
 * panel. Owners and admins start the backfill (POST); while it runs, the island reads its
 * progress (GET) once a second and, when it is done, re-renders the page on the server so every
 * figure includes the history. Without JavaScript the panel shows the run's state as of the page
 * load; a reload shows it again. The panel keys it by the run's id and status, so the server's
 * newer view of the run (after the refresh) starts it afresh. Once there is history, owners and
 * admins may recompute it instead (after an import corrected past dates), behind a disclosure that
 * says what it replaces.
 */
export interface RunView {
  status: BackfillRunStatus;
  monthsDone: number;
  monthsTotal: number;
  monthsComputed: number | null;
  error: string | null;
  /** When it finished (ISO), for "History computed on …". */
  finishedAt: string | null;
}

const API = '/api/analytics/segmentation/history';
const POLL_MS = 1000;

function runText(run: RunView): string {
  if (run.status === 'running') {
    return run.monthsDone < run.monthsTotal
      ? `Computing history: ${run.monthsDone} of ${run.monthsTotal} months`
      : 'Computing history: working out retention for each month-end';
  }
  if (run.status === 'done') {
    const computed = run.monthsComputed ?? 0;
    const when = run.finishedAt ? ` on ${formatDateTime(run.finishedAt)}` : '';
    return `History computed${when}: ${computed} month-end snapshot${computed === 1 ? '' : 's'} added from policy dates.`;
  }
  if (run.status === 'interrupted') {
    return `The last run stopped after ${run.monthsDone} of ${run.monthsTotal} months: the server running it stopped. The months done are kept.`;
  }
  return `The last run failed: ${run.error ?? 'no reason was recorded.'}`;
}

export function HistoryBackfill(props: {
  agencyId: string;
  run: RunView | null;
  canStart: boolean;
  /** Offer to compute the history: it does not reach a year back. */
  offer: boolean;
  /** Offer to compute it again: there is history to replace. */
  recompute: boolean;
  months: number;
}) {
  const { agencyId, canStart, offer, recompute, months } = props;
  const router = useRouter();
  const [run, setRun] = useState(props.run);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = run?.status === 'running';

  useEffect(() => {
    if (!running) return;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const poll = async () => {
      let wait = POLL_MS;
      try {
        const response = await fetch(API, { headers: { 'x-agency-id': agencyId }, cache: 'no-store' });
        if (stopped) return;
        if (response.ok) {
          const next = ((await response.json()) as { run: RunView | null }).run;
          setRun(next);
          // Finished: the server renders the page again, with the history in every figure.
          if (next?.status !== 'running') return router.refresh();
        } else if (response.status === 401) {
          return setError('Your session has expired: sign in again to follow the progress. The history is still being computed.');
        } else if (response.status === 429) {
          wait = Number(response.headers.get('retry-after') ?? 5) * 1000;
        }
      } catch {
        // Offline for a moment: ask again at the next tick.
      }
      if (!stopped) timer = setTimeout(() => void poll(), wait);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [running, agencyId, router]);

  const start = async (mode: BackfillMode) => {
    setStarting(true);
    setError(null);
    try {
      const response = await fetch(`${API}?mode=${mode}`, { method: 'POST', headers: { 'x-agency-id': agencyId }, cache: 'no-store' });
      // 409: someone else started it a moment ago; its progress is in the answer.
      if (response.status === 202 || response.status === 409) setRun(((await response.json()) as { run: RunView }).run);
      else setError(await problemText(response, 'The history could not be started. Try again in a moment.'));
    } catch {
      setError(UNREACHABLE_MESSAGE);
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="history-backfill">
      <p role="status" className="sr-only">
        {running ? 'Computing history' : run?.status === 'done' ? 'History computed' : ''}
      </p>
      {run && (
        <div className="space-y-2" data-testid="history-backfill-status">
          {running ? (
            <ProgressBar label={runText(run)} percent={(100 * run.monthsDone) / run.monthsTotal} />
          ) : (
            <p className={run.status === 'done' ? 'text-sm text-slate-700' : 'text-sm font-semibold text-red-800'}>{runText(run)}</p>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm font-semibold text-red-800">
          {error}
        </p>
      )}
      {offer && !running && canStart && (
        <p className="text-sm text-slate-700">
          Compute history works out the {months} month-ends before this month from policy dates, so comparisons, trends and retention reach
          back {months / 12} years. It takes a minute or so; the figures stay usable meanwhile.
        </p>
      )}
      {offer && !running && canStart && (
        <button
          type="button"
          onClick={() => void start('missing')}
          disabled={starting}
          className="min-h-11 rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-70"
        >
          {starting ? 'Starting…' : run && run.status !== 'done' ? 'Compute history again' : 'Compute history'}
        </button>
      )}
      {recompute && !offer && !running && canStart && (
        <details className="text-sm text-slate-700" data-testid="history-recompute">
          <summary className="flex min-h-11 cursor-pointer items-center font-semibold text-brand-700 underline">Recompute history</summary>
          <p className="mt-1">
            Imported corrected dates, such as a cancellation date column? The month-ends already in the history keep the dates they were
            computed with. Recomputing forgets the history and works out today and the {months} month-ends before this month again from the
            policy dates on file now; the daily snapshots in between are not kept. Today’s tiers stay usable meanwhile; comparisons, trends
            and retention fill in as the months are computed.
          </p>
          <button
            type="button"
            onClick={() => void start('recompute')}
            disabled={starting}
            className="mt-2 min-h-11 rounded-lg border border-brand-600 px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-70"
          >
            {starting ? 'Starting…' : `Recompute ${months} months of history`}
          </button>
        </details>
      )}
      {offer && !running && !canStart && (
        <p className="text-sm text-slate-700">
          An owner or admin can compute it from policy dates, here or with npm run insights:backfill.
        </p>
      )}
    </div>
  );
}
