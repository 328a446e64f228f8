import { headers } from 'next/headers';
import { AppHeader } from '@/components/layout/AppHeader';
import { ErrorReportingAgency } from '@/components/layout/ErrorReportingMeta';
import { getPageContext } from '@/lib/http/page-session';

/** Every signed-in page: the header with navigation, agency switcher and sign-out. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const path = (await headers()).get('x-pathname') ?? '/analytics/segmentation';
  const { session, memberships, agency } = await getPageContext(path);
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      {agency && <ErrorReportingAgency agencyId={agency.agencyId} />}
      <AppHeader email={session.email} memberships={memberships} agency={agency} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
        {agency ? (
          children
        ) : (
          <section className="rounded-2xl border border-amber-200 bg-amber-50 p-6">
            <h1 className="text-xl font-bold">You are not a member of any agency yet</h1>
            <p className="mt-2 text-slate-700">
              Ask an owner or admin of your agency to add {session.email ?? 'your account'} as a member, then reload this page.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
