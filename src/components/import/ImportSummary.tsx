import type { ImportJob } from './transport';
import { formatCount } from '@/components/format';

type Counts = { created: number; updated: number; unchanged: number };
const line = (label: string, counts: Counts) =>
  `${label}: ${formatCount(counts.created)} created, ${formatCount(counts.updated)} updated, ${formatCount(counts.unchanged)} unchanged`;

/** What a committed import changed in the book. */
export function ImportSummary({ job }: { job: ImportJob }) {
  const result = job.result!;
  return (
    <div className="space-y-3" data-testid="import-summary">
      <h3 className="font-semibold text-green-800">Imported {job.fileName}</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>{line('Customers', result.customers)}</li>
        <li>
          {line('Policies', result.policies)}
          {result.policies.expired ? `, ${formatCount(result.policies.expired)} marked expired` : ''}
        </li>
        {result.contacts.created + result.contacts.updated > 0 && <li>{line('Contacts', result.contacts)}</li>}
        <li>{formatCount(result.rowsSkipped)} rows skipped</li>
        <li>
          {result.refresh.status === 'ok' ? 'Tiers recomputed.' : 'The tiers could not be recomputed yet; use Refresh on the dashboard.'}
        </li>
      </ul>
    </div>
  );
}
