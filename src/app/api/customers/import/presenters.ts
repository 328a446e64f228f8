/**
 * The import's HTTP side, part 2: the commit's progress stream (the other import answers use the
 * shared presenters in src/lib/api/presenters.ts). Everything else about the answer (auth,
 * errors, headers) is withAgencyAuth's.
 */
import { toApiError } from '@/lib/api/error-mapper';
import { problemBody } from '@/lib/api/problem';
import type { PresentContext } from '@/lib/api/with-agency-auth';
import type { PendingCommit } from '@/lib/import/use-cases/commit-job';

/**
 * The failure of a commit already streaming, as the same problem+json object an error response
 * carries (type, title, status, detail, instance, requestId and extension members such as `since`).
 */
function problemObject(error: unknown, { request, requestId }: PresentContext): object {
  const route = new URL(request.url).pathname;
  return problemBody(toApiError(error, { requestId, route }), requestId, route);
}

/**
 * The commit's answer. With `Accept: application/x-ndjson`, one JSON line per step: first
 * {"step": "started", "steps": [...]} (the steps the page counts), then {"step": "customers"} …
 * as each ends, and last {"job": …} or {"problem": problem+json}. Otherwise the committed job.
 */
export async function presentCommit(pending: PendingCommit, context: PresentContext): Promise<Response | object> {
  if (!(context.request.headers.get('accept') ?? '').includes('application/x-ndjson')) return { job: await pending.start() };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A closed tab must not abort the commit: progress lines to a gone client are dropped.
      let open = true;
      const send = (line: object) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      send({ step: 'started', steps: pending.steps });
      try {
        send({ job: await pending.start((step) => send({ step })) });
      } catch (error) {
        send({ problem: problemObject(error, context) });
      }
      if (open) controller.close();
    },
    cancel() {
      // The client left; the commit carries on to the end (see send).
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
}
