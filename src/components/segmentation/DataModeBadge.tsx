import { TimeAgo } from './DashboardLive';

/** ● Live Data / ○ Demo Data, with how fresh the numbers are. */
export function DataModeBadge({ dataMode, computedAt }: { dataMode: 'live' | 'demo'; computedAt: string | null }) {
  const live = dataMode === 'live';
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <span
        data-testid="data-mode-badge"
        className={`inline-flex items-center rounded-full px-3 py-1 font-semibold ${live ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-900'}`}
      >
        {live ? '● Live Data' : '○ Demo Data'}
      </span>
      <span className="text-slate-600" data-testid="computed-ago">
        {/* Keyed by the time: a refresh's new figures start their own clock. */}
        {computedAt ? <TimeAgo key={computedAt} at={computedAt} /> : 'not computed yet'}
      </span>
    </p>
  );
}
