'use client';

import { useState } from 'react';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    await fetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    // A full page load on purpose: nothing of the signed-in session may stay in client memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/sign-in');
  }
  return (
    <button
      type="button"
      onClick={() => void signOut()}
      disabled={pending}
      className="min-h-11 min-w-11 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-100"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
