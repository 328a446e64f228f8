/**
 * How use-case results become responses when JSON of the result, with 200, is not the answer.
 * Route files pick one: `withAgencyAuth(addMember, created('member'))`.
 */
import { AGENCY_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import type { CsvDownload } from '@/lib/downloads';
import type { Membership } from '@/lib/tenancy/agencies';
import type { PresentContext } from './with-agency-auth';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** 201 with what was made: under `key` (`{ member: … }`), or as it is. */
export const created =
  (key?: string) =>
  (result: object): Response =>
    Response.json(key ? { [key]: result } : result, { status: 201 });

/** 202: started, not finished; `location` is where its progress is read. */
export const accepted =
  (location: string) =>
  (result: object): Response =>
    Response.json(result, { status: 202, headers: { location } });

/** 204: done, nothing to say. */
export const noContent = (): Response => new Response(null, { status: 204 });

/**
 * A CSV download streamed as the client reads it: the next lines are produced only when asked
 * for, and a client that goes away closes the producer (which records the export as incomplete).
 */
export function csvDownload({ filename, lines }: CsvDownload): Response {
  const encoder = new TextEncoder();
  const iterator = (async function* () {
    yield* lines;
  })();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  });
}

/** The switcher's choice, kept in a cookie (only a preference: membership is checked on every request). */
export function rememberAgency(result: { agency: Membership }, { cookies }: PresentContext): object {
  cookies.setAll([{ name: AGENCY_COOKIE, value: result.agency.agencyId, options: sessionCookieOptions(cookies.secure, ONE_YEAR_SECONDS) }]);
  return result;
}
