import Link from 'next/link';
import { isAgencyRole, roleHas } from '@/lib/tenancy/permissions';
import { TemplateDownload } from './TemplateDownload';

/**
 * The dashboard's banner while an agency has no customers and sees the illustrative book: the way
 * to make the figures its own. Members who may import get the import page and the template; the
 * others are told who can.
 */
export function DemoBookNotice({ role }: { role: string }) {
  const canImport = isAgencyRole(role) && roleHas(role, 'customers:import');
  return (
    <div className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950" data-testid="demo-notice">
      <p className="font-semibold">This agency has no customers yet, so you are looking at an illustrative book.</p>
      {canImport ? (
        <>
          <p className="mt-1">Upload your book of business (a CSV of your policies) and these figures become your own.</p>
          <div className="mt-2 flex flex-wrap items-center gap-x-4">
            <Link
              href="/customers/import"
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-semibold text-white hover:bg-brand-700"
            >
              Import your book
            </Link>
            <TemplateDownload />
          </div>
        </>
      ) : (
        <p className="mt-1">Ask an owner or admin of this agency to import your book of business; these figures then become your own.</p>
      )}
    </div>
  );
}
