import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { getOptionalSession } from '@/lib/http/page-session';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { signInMessageFor } from '@/lib/auth/sign-in-messages';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getOptionalSession()) redirect(next);
  const embedded = !config().supabase;
  // Top-aligned, not centred: the page may paint before all of it has arrived, and a centred card
  // would jump up as the rest streams in (a layout shift on slow phones).
  return (
    <main className="mx-auto max-w-md px-4 py-12 sm:py-24">
      <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Customer Segmentation</p>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">Sign in to your agency</h1>
        <p className="mt-2 text-sm text-slate-600">See your book of business in four value tiers and act on them.</p>
        <SignInForm next={next} error={signInMessageFor(params.error)} />
        {embedded && (
          <div className="mt-6 rounded-lg bg-slate-100 p-4 text-sm text-slate-700">
            <p className="font-semibold">Trying it out?</p>
            <p className="mt-1">
              Sign in as <code className="font-mono">owner@demo-agency.test</code> (or admin@, agent@, viewer@) with the password{' '}
              <code className="font-mono">segments-demo</code>.
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
