import type { Metadata } from 'next';
import { getPageContext } from '@/lib/auth/page-session';
import { config } from '@/lib/config';
import { countBook } from '@/lib/customers/customers';
import { asUser } from '@/lib/db';

export const metadata: Metadata = { title: 'Troubleshooting' };

/** Support's page: the common questions and live facts about the signed-in agency. */
export default async function TroubleshootingPage() {
  const { session, agency } = await getPageContext('/help/troubleshooting');
  if (!agency) return null;
  const book = await asUser(session.claims, (tx) => countBook(tx, agency.agencyId));
  const settings = config();
  const diagnostics = [
    ['Agency', agency.name],
    ['Your role', agency.role],
    ['Customers', String(book.customers)],
    ['Policies', String(book.policies)],
    ['Database', settings.databaseUrl ? 'PostgreSQL server' : 'Embedded (PGlite)'],
    ['Sign-in', settings.supabase ? 'Supabase Auth' : 'Embedded'],
    ['Version', settings.version],
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Troubleshooting</h1>
      <section aria-labelledby="diagnostics-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="diagnostics-heading" className="text-lg font-semibold">
          Diagnostics for {agency.name}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          {diagnostics.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 border-b border-slate-100 py-2">
              <dt className="text-slate-600">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="faq-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="faq-heading" className="text-lg font-semibold">
          Common questions
        </h2>
        <dl className="mt-3 space-y-4">
          <div>
            <dt className="font-semibold">I cannot see another agency&apos;s data.</dt>
            <dd className="text-slate-700">Each agency sees only its own book. If you belong to several, switch agency in the header.</dd>
          </div>
          <div>
            <dt className="font-semibold">Names and emails are shown as initials and stars.</dt>
            <dd className="text-slate-700">Viewers see customer details masked. An owner or admin can change your role.</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
