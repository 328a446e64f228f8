'use client';

import { useState } from 'react';
import { problemText } from '@/lib/http/problem-text';

type Scope = 'local' | 'global';

/**
 * Who is signed in, "Sign out", and (in the menu) "Sign out everywhere": the sessions end on the
 * server, so a cookie left on a shared computer stops working too. When the server could not end
 * them, the page says so and stays: nobody is told they are signed out while they are not.
 */
export function AccountMenu({ email }: { email: string | null }) {
  const [pending, setPending] = useState<Scope | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function signOut(scope: Scope) {
    setPending(scope);
    setFailure(null);
    const response = await fetch(`/api/auth/sign-out${scope === 'global' ? '?scope=global' : ''}`, { method: 'POST' }).catch(() => null);
    if (!response?.ok) {
      setFailure(
        response
          ? await problemText(response, 'Sign-out failed; you are still signed in. Try again.')
          : 'Could not reach the server; you are still signed in. Check your connection and try again.',
      );
      setPending(null);
      return;
    }
    // A full page load on purpose: nothing of the signed-in session may stay in client memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/sign-in');
  }
  // Its own line on a phone (where it wraps below the agency anyway): the header may paint
  // before all of this has arrived, and a partly arrived menu beside the agency would jump
  // down a line when the rest came.
  return (
    <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
      <details className="relative">
        <summary className="flex min-h-11 min-w-11 cursor-pointer list-none items-center rounded-lg px-2 text-sm text-slate-700 hover:bg-slate-100">
          <span className="max-w-48 truncate">{email ?? 'Account'}</span>
          <span aria-hidden="true" className="ml-1">
            ▾
          </span>
        </summary>
        <div className="absolute right-0 z-10 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg">
          <p className="text-slate-700">Signed in on another device, or on a shared computer?</p>
          <button
            type="button"
            onClick={() => void signOut('global')}
            disabled={pending !== null}
            className="mt-2 min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-100"
          >
            {pending === 'global' ? 'Signing out everywhere…' : 'Sign out everywhere'}
          </button>
        </div>
      </details>
      <button
        type="button"
        onClick={() => void signOut('local')}
        disabled={pending !== null}
        className="min-h-11 min-w-11 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        {pending === 'local' ? 'Signing out…' : 'Sign out'}
      </button>
      {failure && (
        <p role="alert" className="w-full text-sm text-red-800">
          {failure}
        </p>
      )}
    </div>
  );
}
