'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useTransition,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { track } from '@/lib/telemetry/events';
import { problemText, UNREACHABLE_MESSAGE } from '@/lib/http/problem-text';
import type { SegmentationSummary } from '@/lib/segmentation/summary';
import type { Tier } from '@/lib/segmentation/tiers';
import { timeAgo } from '../format';

/**
 * The dashboard's only client code: small islands in a page the server renders whole (SPEC §8:
 * content before script). Refresh asks the API — recompute for owners and admins, the summary
 * for everyone else — and, when it answers, re-renders the page on the server with the new
 * figures (router.refresh); a failure says what to do and leaves the figures as they were.
 */
interface DashboardState {
  refreshing: boolean;
  error: { message: string; kind: 'server' | 'rate-limited' | 'unauthorized' | 'network' } | null;
  methodologyOpen: boolean;
  refresh(): void;
  toggleMethodology(): void;
}

const DashboardContext = createContext<DashboardState | null>(null);
const useDashboard = () => useContext(DashboardContext)!;

/** What went wrong, in words that say what to do next. */
async function describeFailure(response: Response): Promise<DashboardState['error'] & object> {
  if (response.status === 401) return { kind: 'unauthorized', message: 'Your session has expired. Sign in again to refresh.' };
  if (response.status === 429) {
    const seconds = response.headers.get('retry-after');
    return { kind: 'rate-limited', message: `Too many refreshes. Try again in ${seconds ?? 'a few'} seconds.` };
  }
  return { kind: 'server', message: await problemText(response, 'The figures could not be refreshed. Try again in a moment.') };
}

export function DashboardLive(props: {
  agencyId: string;
  dataMode: 'live' | 'demo';
  customers: number;
  canRecompute: boolean;
  children: ReactNode;
}) {
  const { agencyId, dataMode, customers, canRecompute, children } = props;
  const router = useRouter();
  const [fetching, setFetching] = useState(false);
  const [rendering, startRendering] = useTransition();
  const [error, setError] = useState<DashboardState['error']>(null);
  const [methodologyOpen, setMethodologyOpen] = useState(false);
  // Set after the first refresh: CSS then fades in a tier count that changed (globals.css).
  const [refreshed, setRefreshed] = useState(false);
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => {
    track('segmentation_dashboard_viewed', { data_mode: dataMode, customer_count: customers });
    return () => inFlight.current?.abort();
    // Once per page view, not again when a refresh brings new figures.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const refresh = useCallback(async () => {
    const recompute = canRecompute && dataMode === 'live';
    track('segmentation_refresh_clicked', { data_mode: dataMode, recompute });
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setFetching(true);
    setError(null);
    const startedAt = performance.now();
    try {
      const response = await fetch(recompute ? '/api/analytics/segmentation/refresh' : '/api/analytics/segmentation', {
        method: recompute ? 'POST' : 'GET',
        headers: { 'x-agency-id': agencyId },
        cache: 'no-store',
        signal: controller.signal,
      });
      const duration = Math.round(performance.now() - startedAt);
      if (!response.ok) {
        const failure = await describeFailure(response);
        track('segmentation_api_error', { status: response.status, duration_ms: duration });
        track('segmentation_error_occurred', { kind: failure.kind as 'server' | 'rate-limited' | 'unauthorized' });
        setError(failure);
        return;
      }
      const next = (await response.json()) as SegmentationSummary;
      track('segmentation_api_success', { duration_ms: duration, data_mode: next.dataMode });
      if (next.dataMode !== dataMode) track('segmentation_data_mode_changed', { from: dataMode, to: next.dataMode });
      setRefreshed(true);
      // The server renders the new figures from the same domain function the API just used.
      startRendering(() => router.refresh());
    } catch (caught) {
      if ((caught as Error).name === 'AbortError') return;
      track('segmentation_error_occurred', { kind: 'network' });
      setError({ kind: 'network', message: UNREACHABLE_MESSAGE });
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setFetching(false);
      }
    }
  }, [agencyId, canRecompute, dataMode, router]);

  const toggleMethodology = useCallback(() => {
    track('segmentation_methodology_toggled', { action: methodologyOpen ? 'close' : 'open' });
    setMethodologyOpen(!methodologyOpen);
  }, [methodologyOpen]);

  const refreshing = fetching || rendering;
  const state: DashboardState = { refreshing, error, methodologyOpen, refresh: () => void refresh(), toggleMethodology };
  return (
    <DashboardContext.Provider value={state}>
      <div className="space-y-6" aria-busy={refreshing} data-refreshed={refreshed ? '' : undefined}>
        {children}
      </div>
    </DashboardContext.Provider>
  );
}

/** "How tiers are computed" and Refresh. */
export function DashboardActions() {
  const { refreshing, methodologyOpen, refresh, toggleMethodology } = useDashboard();
  return (
    <div className="flex flex-wrap gap-2">
      <button
        type="button"
        onClick={toggleMethodology}
        aria-expanded={methodologyOpen}
        aria-controls="methodology"
        className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 hover:bg-slate-50"
      >
        {methodologyOpen ? 'Hide methodology' : 'How tiers are computed'}
      </button>
      <button
        type="button"
        onClick={refresh}
        className="min-h-11 rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
      >
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  );
}

/** What a refresh is doing, for screen readers, and why it failed, for everyone. */
export function RefreshStatus({ computed }: { computed: boolean }) {
  const { refreshing, error } = useDashboard();
  return (
    <>
      <p role="status" aria-live="polite" className="sr-only">
        {refreshing ? 'Refreshing the figures' : error ? '' : `Figures ${computed ? 'up to date' : 'not computed yet'}`}
      </p>
      {error && (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">{error.message}</p>
          {error.kind === 'unauthorized' ? (
            <Link
              href="/sign-in?next=%2Fanalytics%2Fsegmentation"
              className="mt-2 inline-flex min-h-11 items-center font-semibold underline"
            >
              Sign in
            </Link>
          ) : (
            <p className="mt-1">The figures below are the last ones loaded.</p>
          )}
        </div>
      )}
    </>
  );
}

/** The methodology panel (rendered on the server), shown while it is open. */
export function MethodologySlot({ children }: { children: ReactNode }) {
  return useDashboard().methodologyOpen ? children : null;
}

/** A tier card's "Who qualifies?" — the rules in words, on demand. */
export function QualifiesToggle({ tier, label, count, rulesInWords }: { tier: Tier; label: string; count: number; rulesInWords: string }) {
  const [expanded, setExpanded] = useState(false);
  const detailsId = `tier-${tier}-details`;
  const toggle = () => {
    if (!expanded) track('segmentation_segment_clicked', { tier, customer_count: count });
    setExpanded(!expanded);
  };
  return (
    <>
      <button
        type="button"
        onClick={toggle}
        aria-expanded={expanded}
        aria-controls={detailsId}
        className="mt-3 min-h-11 w-full rounded-lg border border-slate-300 px-3 text-sm font-semibold text-slate-800 hover:bg-slate-50"
      >
        {expanded ? 'Hide who qualifies' : `Who qualifies as ${label}?`}
      </button>
      {expanded && (
        <p id={detailsId} className="mt-2 text-sm text-slate-700">
          {rulesInWords}
        </p>
      )}
    </>
  );
}

/**
 * "computed N minutes ago", kept current. The server and the browser read the clock a moment
 * apart, so across a minute boundary the words may differ at hydration, harmlessly.
 */
export function TimeAgo({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return <span suppressHydrationWarning>computed {timeAgo(at, now)}</span>;
}

/**
 * A select that applies its form when changed (the period and trend selectors): the form is a
 * GET form with a submit button, so without JavaScript the button does the same. The form is
 * next/form's, so the new figures arrive by client navigation and focus stays on the select.
 */
export function SubmitOnChange(props: Omit<ComponentProps<'select'>, 'onChange'>) {
  return <select {...props} onChange={(event) => event.currentTarget.form?.requestSubmit()} />;
}
