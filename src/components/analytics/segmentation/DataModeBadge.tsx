import { timeAgo } from '../format';

/** ● Live Data / ○ Demo Data, with how fresh the numbers are. */
export function DataModeBadge({ dataMode, computedAt, now }: { dataMode: 'live' | 'demo'; computedAt: string | null; now: number }) {
  const live = dataMode === 'live';
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <span
        data-testid="data-mode-badge"
        className={`inline-flex items-center rounded-full px-3 py-1 font-semibold ${live ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-900'}`}
      >
        {live ? '● Live Data' : '○ Demo Data'}
      </span>
      {/* Server and browser clocks read "now" a moment apart: across a minute boundary the texts
          differ, which is not a hydration error (the next tick corrects it). */}
      <span className="text-slate-600" data-testid="computed-ago" suppressHydrationWarning>
        {computedAt ? `computed ${timeAgo(computedAt, now)}` : 'not computed yet'}
      </span>
    </p>
  );
}
