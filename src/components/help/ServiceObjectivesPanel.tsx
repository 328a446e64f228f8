import { formatDateTime } from '@/components/format';
import { processSloStatus, SLO_EVALUATION_INTERVAL_MS } from '@/lib/observability/slo/process';
import { formatSloValue, objectiveText, thresholdText, windowText, type SloState } from '@/lib/observability/slo/table';
import { roleHas, type AgencyRole } from '@/lib/tenancy/permissions';

/**
 * The SLOs' states on /help/troubleshooting, for owners and admins (nothing for other roles):
 * each objective's state, current value, thresholds and since when, as the server that renders
 * the page last judged them (src/lib/observability/slo). A server component: it reads this
 * process's evaluator, so each replica shows what it measured.
 */
const STATE: Record<SloState, { words: string; badge: string }> = {
  ok: { words: 'OK', badge: 'border-emerald-300 bg-emerald-50 text-emerald-900' },
  warning: { words: 'Warning', badge: 'border-amber-300 bg-amber-50 text-amber-950' },
  critical: { words: 'Critical', badge: 'border-red-300 bg-red-50 text-red-900' },
  'no-data': { words: 'No data', badge: 'border-slate-300 bg-slate-50 text-slate-800' },
};

export function ServiceObjectivesPanel({ role }: { role: AgencyRole }) {
  if (!roleHas(role, 'service:status')) return null;
  const statuses = processSloStatus();
  const evaluatedAt = statuses?.find((status) => status.evaluatedAt)?.evaluatedAt;
  return (
    <section aria-labelledby="slo-heading" className="rounded-2xl border border-slate-200 bg-white p-5" data-testid="service-objectives">
      <h2 id="slo-heading" className="text-lg font-semibold">
        Service objectives
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        How the service keeps its promises, as this server judges them from the requests it served (each server judges its own) and from
        every agency’s refresh records. Shown to owners and admins.
      </p>
      {statuses === null ? (
        <p className="mt-3 text-sm text-slate-700">This server does not judge the objectives: it was started without its SLO evaluation.</p>
      ) : (
        <ul className="mt-3 grid grid-cols-1 gap-3 lg:grid-cols-2">
          {statuses.map(({ slo, state, value, basis, since }) => (
            <li key={slo.id} className="rounded-xl border border-slate-200 p-4" data-testid={`slo-${slo.id}`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-semibold">{slo.name}</h3>
                <span className={`rounded-full border px-2.5 py-0.5 text-sm font-medium ${STATE[state].badge}`} data-testid="slo-state">
                  {STATE[state].words}
                </span>
              </div>
              <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">Now</dt>
                <dd className="[overflow-wrap:anywhere]" data-testid="slo-value">
                  <span className="font-medium">{value === null ? '—' : formatSloValue(slo, value)}</span> ({basis})
                </dd>
                <dt className="text-slate-600">Objective</dt>
                <dd>{objectiveText(slo)}</dd>
                <dt className="text-slate-600">Warning</dt>
                <dd>{thresholdText(slo, 'warning')}</dd>
                <dt className="text-slate-600">Critical</dt>
                <dd>{thresholdText(slo, 'critical')}</dd>
                <dt className="text-slate-600">Measured on</dt>
                <dd>{windowText(slo)}</dd>
                <dt className="text-slate-600">Since</dt>
                <dd data-testid="slo-since">{formatDateTime(since)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {evaluatedAt && (
        <p className="mt-3 text-sm text-slate-700">
          Last judged {formatDateTime(evaluatedAt)}, again every {SLO_EVALUATION_INTERVAL_MS / 1000} seconds; reload the page to read the
          latest.
        </p>
      )}
    </section>
  );
}
