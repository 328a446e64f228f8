import type { Metadata } from 'next';
import { getPageContext } from '@/lib/auth/page-session';
import { countBook } from '@/lib/customers/customers';
import { asUser } from '@/lib/db';

export const metadata: Metadata = { title: 'Customer Segmentation' };

const number = new Intl.NumberFormat('en-US');

/** Analytics → Customer Segmentation. The tier dashboard (CustomerSegmentationDashboard) mounts here. */
export default async function SegmentationPage() {
  const { session, agency } = await getPageContext('/analytics/segmentation');
  if (!agency) return null;
  const book = await asUser(session.claims, (tx) => countBook(tx, agency.agencyId));
  const figures = [
    { label: 'Customers', value: book.customers },
    { label: 'Policies', value: book.policies },
    { label: 'Active policies', value: book.activePolicies },
  ];
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-slate-600">Analytics</p>
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">Customer Segmentation</h1>
        <p className="mt-1 text-slate-700">
          <span data-testid="agency-name">{agency.name}</span> · signed in as <span data-testid="agency-role">{agency.role}</span>
        </p>
      </div>
      <section aria-labelledby="book-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="book-heading" className="text-lg font-semibold">
          Your book of business
        </h2>
        <dl className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-3">
          {figures.map((figure) => (
            <div key={figure.label} className="rounded-xl bg-slate-50 p-4">
              <dt className="text-sm text-slate-600">{figure.label}</dt>
              <dd className="mt-1 text-2xl font-bold tabular-nums" data-testid={`book-${figure.label.toLowerCase().replace(/ /g, '-')}`}>
                {number.format(figure.value)}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm text-slate-600">
          {book.customers === 0
            ? 'This agency has no customers yet. An owner or admin can upload the book of business as a CSV file.'
            : 'Tiers (Elite, Premium, Standard, Entry) are computed from active policies when insights are refreshed.'}
        </p>
      </section>
    </div>
  );
}
