'use client';

import { useState, type FormEvent } from 'react';

interface Problem {
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Posts to /api/auth/sign-in and shows the server's message when it refuses. */
export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      if (response.ok) {
        // A full navigation, so every server component renders with the new session.
        window.location.assign(next);
        return;
      }
      const problem = (await response.json().catch(() => ({}))) as Problem;
      setError(problem.errors?.[0]?.message ?? problem.detail ?? 'Sign-in failed. Try again.');
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    // method="post" keeps credentials out of the URL even if scripts never load.
    <form onSubmit={submit} method="post" action="/api/auth/sign-in" className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-800">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3 text-base"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-800">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3 text-base"
        />
      </div>
      <div role="alert" aria-live="assertive" data-testid="sign-in-error" className="min-h-5 text-sm font-medium text-red-700">
        {error}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 w-full rounded-lg bg-brand-600 px-4 font-semibold text-white hover:bg-brand-700 disabled:opacity-70"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
