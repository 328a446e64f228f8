import type { Metadata } from 'next';
import { formatCount, formatDate, formatDateTime } from '@/components/format';
import { loadPageData } from '@/lib/http/run-page-use-case';
import { config } from '@/lib/config';
import { loadDiagnostics } from '@/lib/segmentation/use-cases/diagnostics';
import { COUNT_LABELS } from '@/lib/segmentation/count-labels';

export const metadata: Metadata = { title: 'Troubleshooting' };

const QUESTIONS = [
  {
    q: 'Why does the dashboard say “○ Demo Data”?',
    a: 'Your agency has no customers yet, so the dashboard shows an illustrative book, scored with your rules. It switches to “● Live Data” as soon as your book of business is uploaded (owners and admins can upload a CSV of policies).',
  },
  {
    q: 'How fresh are the figures?',
    a: 'Tiers are recomputed by the scheduled refresh and right after every import; owners and admins can also press Refresh on the dashboard to recompute now. The badge says when the figures were computed; the diagnostics above show the last runs.',
  },
  {
    q: 'What do the tiers mean?',
    a: 'Elite 💎, Premium ⭐, Standard 🛡️ and Entry 🎯 group customers by the annual premium and the number of distinct lines of business of their policies in force. The dashboard’s “How tiers are computed” panel shows your agency’s exact rules in words.',
  },
  {
    q: 'A customer is missing from every tier.',
    a: 'Customers with no policy in force on the as-of date (only cancelled, expired or not-yet-effective policies) have no tier; they are counted as “without a policy in force”. The dashboard’s customer and policy counts are those in force; the diagnostics above also show everything on file.',
  },
  {
    q: 'My import reported errors.',
    a: 'Each rejected row is listed with its row number, column and reason. Fix those rows in your spreadsheet and import the file again: importing the same rows twice changes nothing.',
  },
  {
    q: 'A cancelled policy is missing from earlier months.',
    a: 'Looking back, a policy counts until the day it ended: its cancellation date, the day an import marked it expired, or its expiration date. A policy imported as cancelled without a date counts as never in force. Add a cancellation_date column (also read as “Cancel date” or “Cancelled on”) to your file and import it again.',
  },
  {
    q: 'Names and emails are shown as initials and stars.',
    a: 'Viewers see customer details masked. An owner or admin can change your role.',
  },
];

/** Support's page: the common questions and live diagnostics for the signed-in agency. */
export default async function TroubleshootingPage() {
  const outcome = await loadPageData(loadDiagnostics, { path: '/help/troubleshooting' });
  if (!outcome) return null;
  const { value: diagnostics, agency } = outcome;
  const settings = config();
  const facts: { key: string; label: string; value: string }[] = [
    { key: 'agency', label: 'Agency', value: agency.name },
    { key: 'role', label: 'Your role', value: agency.role },
    { key: 'data-mode', label: 'Data mode', value: diagnostics.dataMode === 'live' ? '● Live Data' : '○ Demo Data (no customers yet)' },
    {
      key: 'last-refresh',
      label: 'Last refresh',
      value: diagnostics.lastRefresh
        ? `${formatDateTime(diagnostics.lastRefresh.computedAt)}, as of ${formatDate(diagnostics.lastRefresh.asOf)} (rules version ${diagnostics.lastRefresh.rulesVersion})`
        : 'never',
    },
    // The dashboard's figures (same refresh, same words), then everything on file.
    { key: 'customers-in-force', label: COUNT_LABELS.customersInForce, value: formatCount(diagnostics.customersInForce) },
    { key: 'customers-without-policy', label: COUNT_LABELS.customersWithoutPolicy, value: formatCount(diagnostics.customersWithoutPolicy) },
    { key: 'policies-in-force', label: COUNT_LABELS.policiesInForce, value: formatCount(diagnostics.policiesInForce) },
    {
      key: 'on-file',
      label: COUNT_LABELS.onFile,
      value: `${formatCount(diagnostics.customersOnFile)} customers, ${formatCount(diagnostics.policiesOnFile)} policies`,
    },
    // In words support can repeat to a customer; the technical names are in the README.
    { key: 'data-storage', label: 'Data kept in', value: settings.databaseUrl ? 'A database server' : 'The app’s own data folder' },
    { key: 'accounts', label: 'Accounts', value: settings.supabase ? 'Managed in Supabase' : 'Managed by this app' },
    { key: 'version', label: 'Version', value: settings.version },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Troubleshooting</h1>
      <section aria-labelledby="diagnostics-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="diagnostics-heading" className="text-lg font-semibold">
          Diagnostics for {agency.name}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 md:grid-cols-2">
          {facts.map(({ key, label, value }) => (
            <div key={key} className="flex justify-between gap-4 border-b border-slate-100 py-2">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-medium" data-testid={`diagnostic-${key}`}>
                {value}
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
          <div className="mt-2 overflow-x-auto">
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
      <section aria-labelledby="faq-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="faq-heading" className="text-lg font-semibold">
          Common questions
        </h2>
        <dl className="mt-3 space-y-4">
          {QUESTIONS.map(({ q, a }) => (
            <div key={q}>
              <dt className="font-semibold">{q}</dt>
              <dd className="text-slate-700">{a}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
