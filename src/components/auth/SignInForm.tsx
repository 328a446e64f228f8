/**
 * The sign-in form: a plain HTML form posted to /api/auth/sign-in, which answers with a redirect —
 * to `next` with the session, or back here with the reason (?error=…). It works the same with or
 * without JavaScript and ships none: the page is interactive as soon as its HTML arrives.
 */
export function SignInForm({ next, error }: { next: string; error: string | null }) {
  return (
    // method="post" keeps credentials out of the URL.
    <form method="post" action="/api/auth/sign-in" className="mt-6 space-y-4" noValidate>
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
          aria-describedby={error ? 'sign-in-error' : undefined}
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
      <div id="sign-in-error" role="alert" data-testid="sign-in-error" className="min-h-5 text-sm font-medium text-red-700">
        {error}
      </div>
      <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-600 px-4 font-semibold text-white hover:bg-brand-700">
        Sign in
      </button>
    </form>
  );
}
