'use client';

import { useState } from 'react';
import { problemDetail, UNREACHABLE_MESSAGE } from '@/lib/http/problem-text';

/**
 * Owners' and admins' check, after a deploy, that errors reach the error tracker: the server
 * fails on purpose (POST /api/ops/error-report/test answers 500) and reports it; the request id
 * shown is the one to search for in the tracker (tag `request_id`) and in the logs.
 */
const API = '/api/ops/error-report/test';

type Outcome = { kind: 'sent'; requestId: string } | { kind: 'refused'; message: string };

export function TestErrorReport({ agencyId, configured }: { agencyId: string; configured: boolean }) {
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async () => {
    setSending(true);
    setOutcome(null);
    try {
      const response = await fetch(API, { method: 'POST', headers: { 'x-agency-id': agencyId }, cache: 'no-store' });
      const problem = (await response.json().catch(() => null)) as { requestId?: string } | null;
      if (response.status === 500 && problem?.requestId) setOutcome({ kind: 'sent', requestId: problem.requestId });
      else setOutcome({ kind: 'refused', message: problemDetail(problem, `The server answered ${response.status}.`) });
    } catch {
      setOutcome({ kind: 'refused', message: UNREACHABLE_MESSAGE });
    } finally {
      setSending(false);
    }
  };

  return (
    <section
      aria-labelledby="error-reports-heading"
      className="rounded-2xl border border-slate-200 bg-white p-5"
      data-testid="error-reports"
    >
      <h2 id="error-reports-heading" className="text-lg font-semibold">
        Error reports
      </h2>
      {configured ? (
        <p className="mt-2 text-slate-700">
          Errors the app meets are reported to the error tracker, without customers’ or users’ personal details. To check that reports
          arrive (after a deploy, say), send a test: the server fails on purpose and reports it.
        </p>
      ) : (
        <p className="mt-2 text-slate-700">
          Error reporting is off on this server (SENTRY_DSN is not set): errors are only in the server’s logs.
        </p>
      )}
      {configured && (
        <button
          type="button"
          onClick={() => void send()}
          disabled={sending}
          className="mt-4 min-h-11 rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-70"
        >
          {sending ? 'Sending…' : 'Send a test error report'}
        </button>
      )}
      <div role="status" className="mt-3 text-sm">
        {outcome?.kind === 'sent' && (
          <p className="text-slate-700" data-testid="test-error-report-sent">
            Sent. The server failed on purpose and reported it with request id <code className="font-mono">{outcome.requestId}</code>: in
            the error tracker, search for <code className="font-mono">request_id:{outcome.requestId}</code> (it takes a few seconds to
            show).
          </p>
        )}
        {outcome?.kind === 'refused' && <p className="font-semibold text-red-800">{outcome.message}</p>}
      </div>
    </section>
  );
}
