import { formatDateTime } from '@/components/format';
import Link from 'next/link';
import type { ImportHistoryEntry } from '@/lib/import/jobs';

export const STATUS_LABEL: Record<ImportHistoryEntry['status'], string> = {
  validating: 'Validating',
  validated: 'Awaiting confirmation',
  committed: 'Imported',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** When an import was made, the same way on the history and on its report. */
/** An instant: a Date when rendered on the server, its ISO string when it came as JSON. */
export function ImportTime({ at }: { at: string | Date }) {
  return <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>;
}

function resultText(entry: ImportHistoryEntry): string {
  if (entry.status === 'failed' || entry.status === 'cancelled') return entry.error ?? '—';
  if (!entry.result)
    return `${entry.rowsValid.toLocaleString('en-US')} valid rows, ${entry.rowsInvalid.toLocaleString('en-US')} with errors`;
  const { customers, policies, rowsSkipped } = entry.result;
  return [
    `${customers.created.toLocaleString('en-US')} customers created, ${customers.updated.toLocaleString('en-US')} updated`,
    `${policies.created.toLocaleString('en-US')} policies created, ${policies.updated.toLocaleString('en-US')} updated${policies.expired ? `, ${policies.expired.toLocaleString('en-US')} expired` : ''}`,
    rowsSkipped ? `${rowsSkipped.toLocaleString('en-US')} rows skipped` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Who imported what, when, how, and with what result; each file name opens that import's report. */
export function ImportHistory({ entries }: { entries: ImportHistoryEntry[] }) {
  return (
    <section aria-labelledby="import-history-heading" className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="import-history-heading" className="text-lg font-bold">
        Import history
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-700">No imports yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label="Import history table">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="import-history">
            <thead className="text-slate-600">
              <tr>
                <th className="py-2 pr-3 font-semibold">When</th>
                <th className="py-2 pr-3 font-semibold">Who</th>
                <th className="py-2 pr-3 font-semibold">File (report)</th>
                <th className="py-2 pr-3 font-semibold">Mode</th>
                <th className="py-2 pr-3 font-semibold">Status</th>
                <th className="py-2 font-semibold">Result</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-t border-slate-100 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <ImportTime at={entry.createdAt} />
                  </td>
                  <td className="py-2 pr-3">{entry.source === 'cli' ? 'Command line' : (entry.createdByEmail ?? 'Former member')}</td>
                  <td className="py-2 pr-3 break-all">
                    <Link
                      href={`/customers/import/${entry.id}`}
                      className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline"
                    >
                      {entry.fileName}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 capitalize">{entry.mode}</td>
                  <td className="py-2 pr-3">{STATUS_LABEL[entry.status]}</td>
                  <td className="py-2">{resultText(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
