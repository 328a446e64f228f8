'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

interface AgencyOption {
  agencyId: string;
  name: string;
  role: string;
}

/**
 * Switches the current agency (PUT /api/agencies/current) and re-renders the page for it. A
 * native select fires its change on every arrow key, so choosing an agency only selects it: the
 * switch happens on the explicit "Switch" button that appears once another agency is chosen.
 */
export function AgencySwitcher({ agencies, currentId }: { agencies: AgencyOption[]; currentId: string }) {
  const router = useRouter();
  const [chosen, setChosen] = useState(currentId);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  async function switchTo(agencyId: string) {
    setError(null);
    const response = await fetch('/api/agencies/current', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agencyId }),
    });
    if (!response.ok) {
      setError('Could not switch agency. Reload the page and try again.');
      return;
    }
    startTransition(() => router.refresh());
  }

  return (
    <form
      className="flex flex-col"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen !== currentId) void switchTo(chosen);
      }}
    >
      <div className="flex gap-2">
        <label htmlFor="agency-switcher" className="sr-only">
          Agency
        </label>
        <select
          id="agency-switcher"
          value={chosen}
          disabled={pending}
          onChange={(event) => setChosen(event.target.value)}
          className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium"
        >
          {agencies.map((agency) => (
            <option key={agency.agencyId} value={agency.agencyId}>
              {agency.name} ({agency.role})
            </option>
          ))}
        </select>
        {chosen !== currentId && (
          <button
            type="submit"
            disabled={pending}
            className="min-h-11 rounded-lg bg-brand-600 px-3 text-sm font-semibold text-white disabled:opacity-50"
          >
            {pending ? 'Switching…' : 'Switch'}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
