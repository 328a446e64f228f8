import type { Metadata } from 'next';
import { formatCount, formatDate, formatDateTime } from '@/components/format';
import { loadPageData } from '@/lib/http/run-page-use-case';
import { config } from '@/lib/config';
import { loadDiagnostics } from '@/lib/segmentation/use-cases/diagnostics';
import { DIAGNOSTIC_LABELS as LABEL, TROUBLESHOOTING_QUESTIONS } from '@/components/help/troubleshooting-content';
import { HelpPagesNav } from '@/components/help/HelpPagesNav';
import { ServiceObjectivesPanel } from '@/components/help/ServiceObjectivesPanel';
import { TestErrorReport } from '@/components/help/TestErrorReport';
import { roleHas } from '@/lib/tenancy/permissions';

export const metadata: Metadata = { title: 'Troubleshooting' };

/** Support's page: the common questions and live diagnostics for the signed-in agency. */
export default async function TroubleshootingPage() {
  const outcome = await loadPageData(loadDiagnostics, { path: '/help/troubleshooting' });
  if (!outcome) return null;
  const { value: diagnostics, agency } = outcome;
  const settings = config();
  // Every label has its value (a compile error otherwise), shown in the labels' order.
  const facts: Record<keyof typeof LABEL, string> = {
    agency: agency.name,
    role: agency.role,
    'data-mode': diagnostics.dataMode === 'live' ? '● Live Data' : '○ Demo Data (no customers yet)',
    'last-refresh': diagnostics.lastRefresh
      ? `${formatDateTime(diagnostics.lastRefresh.computedAt)}, as of ${formatDate(diagnostics.lastRefresh.asOf)} (rules version ${diagnostics.lastRefresh.rulesVersion})`
      : 'never',
    'customers-in-force': formatCount(diagnostics.customersInForce),
    'customers-without-policy': formatCount(diagnostics.customersWithoutPolicy),
    'policies-in-force': formatCount(diagnostics.policiesInForce),
    'on-file': `${formatCount(diagnostics.customersOnFile)} customers, ${formatCount(diagnostics.policiesOnFile)} policies`,
    'data-storage': settings.databaseUrl ? 'A database server' : 'The app’s own data folder',
    accounts: settings.supabase ? 'Managed in Supabase' : 'Managed by this app',
    version: settings.version,
  };
  return (
    <div className="space-y-6">
      <HelpPagesNav current="/help/troubleshooting" />
      <h1 className="text-2xl font-bold">Troubleshooting</h1>
      <section aria-labelledby="diagnostics-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="diagnostics-heading" className="text-lg font-semibold">
          Diagnostics for {agency.name}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 md:grid-cols-2">
          {(Object.keys(LABEL) as (keyof typeof LABEL)[]).map((key) => (
            <div key={key} className="flex justify-between gap-4 border-b border-slate-100 py-2">
              <dt className="text-slate-600">{LABEL[key]}</dt>
              <dd className="text-right font-medium" data-testid={`diagnostic-${key}`}>
                {facts[key]}
              </dd>
            </div>
          ))}
        </dl>
        <h3 className="mt-5 font-semibold">Recent refresh runs</h3>
        {diagnostics.recentRuns === null ? (
          <p className="mt-1 text-sm text-slate-700">Job details are shown to owners and admins.</p>
        ) : diagnostics.recentRuns.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">No refresh has run for this agency yet.</p>
        ) : (
          <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Recent refresh runs">
            <table className="w-full text-left text-sm" data-testid="refresh-runs">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    When
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Outcome
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Mode
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Rows changed
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {diagnostics.recentRuns.map((run) => (
                  <tr key={run.at.toISOString() + run.mode} className="border-t border-slate-100">
                    <td className="py-1 pr-4">{formatDateTime(run.at)}</td>
                    <td className="py-1 pr-4">{run.status === 'ok' ? 'OK' : `Failed: ${run.error ?? 'unknown error'}`}</td>
                    <td className="py-1 pr-4">{run.mode}</td>
                    <td className="py-1 pr-4">{run.rows ?? '—'}</td>
                    <td className="py-1">{run.durationMs === null ? '—' : `${run.durationMs} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ServiceObjectivesPanel role={agency.role} />
      <section aria-labelledby="faq-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="faq-heading" className="text-lg font-semibold">
          Common questions
        </h2>
        <dl className="mt-3 space-y-4">
          {TROUBLESHOOTING_QUESTIONS.map(({ q, a }) => (
            <div key={q}>
              <dt className="font-semibold">{q}</dt>
              <dd className="text-slate-700">{a}</dd>
            </div>
          ))}
        </dl>
      </section>
      {roleHas(agency.role, 'service:status') && <TestErrorReport agencyId={agency.agencyId} configured={settings.sentry !== null} />}
    </div>
  );
}
