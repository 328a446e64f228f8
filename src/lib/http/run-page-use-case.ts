import 'server-only';
import { randomUUID } from 'node:crypto';
import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { getPageContext } from '@/lib/http/page-session';
import { asUser, type Queryable } from '@/lib/db';
import { DomainError } from '@/lib/domain-error';
import { noteErrorActor } from '@/lib/observability/error-reporting';
import type { Session } from '@/lib/auth/session';
import { parseInput } from '@/lib/parse-input';
import type { Membership } from '@/lib/tenancy/agencies';
import { roleHas } from '@/lib/tenancy/permissions';
import type { AgencyCaller, AgencyUseCase } from '@/lib/use-case';

type Schema = z.ZodType;
type SearchParams = Record<string, string | string[] | undefined>;

/** What a page gets from its use case: the result, or the refusal it shows in its own words. */
export type PageOutcome<R> =
  | { ok: true; value: R; agency: Membership }
  | {
      ok: false;
      /** An `invalid`, `forbidden`, `conflict` or `unprocessable` refusal: the page says why. */
      error: DomainError;
      agency: Membership;
    };

/** A page's address parameters, one value each: the first of repeated ones (the API refuses a repeated parameter). */
function firstOfEach(values: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first;
  }
  return out;
}

/** Who runs a page's use case: the signed-in member, on the agency they are looking at, under RLS. */
export function pageCaller(session: Session, memberships: Membership[], agency: Membership): AgencyCaller {
  return {
    session,
    memberships,
    agency,
    currentAgency: agency,
    requestId: randomUUID(),
    db: <T>(work: (tx: Queryable) => Promise<T>) => asUser(session.claims, work),
  };
}

/**
 * The page twin of `withAgencyAuth`: runs an agency use case for a server component, with the
 * same permission, the same input schemas and the same errors as its API route. Signed out →
 * the sign-in page (coming back to `path`); a bad id in the path or a resource that is not
 * there → the not-found page; a refusal of the page's own query (a stale cursor, a search the
 * role may not make) → returned for the page to explain; anything else → the error page.
 * Returns null when the user belongs to no agency (the layout says so).
 */
export async function runPageUseCase<R, Q extends Schema | undefined, P extends Schema | undefined>(
  useCase: AgencyUseCase<Q, undefined, P, R>,
  request: { path: string; params?: Record<string, string>; searchParams?: SearchParams },
): Promise<PageOutcome<R> | null> {
  const { session, memberships, agency } = await getPageContext(request.path);
  if (!agency) return null;
  const caller = pageCaller(session, memberships, agency);
  let params: unknown;
  try {
    params = await parseInput(useCase.params, request.params ?? {}, 'params');
  } catch {
    notFound();
  }
  try {
    if (useCase.permission && !roleHas(agency.role, useCase.permission)) {
      throw new DomainError('forbidden', `Your role (${agency.role}) does not allow this.`);
    }
    const query = await parseInput(useCase.query, firstOfEach(request.searchParams ?? {}), 'query');
    // Parsed by the use case's own schemas above (see the same cast in withAgencyAuth).
    const value = await useCase.run(caller, { params, query, body: undefined } as never);
    return { ok: true, value, agency };
  } catch (error) {
    if (!(error instanceof DomainError)) {
      // The error page takes it from here; the error report (onRequestError) names who was acting.
      noteErrorActor(error, { agencyId: agency.agencyId, userId: session.userId });
      throw error;
    }
    if (error.code === 'not-found') notFound();
    // The database being unreachable is the error page's to explain (with its retry), not this page's.
    if (error.code === 'unavailable' || error.code === 'too-large') throw error;
    return { ok: false, error, agency };
  }
}

/** For pages with nothing of their own to say about a refusal: the result, or the error page. */
export async function loadPageData<R, Q extends Schema | undefined, P extends Schema | undefined>(
  useCase: AgencyUseCase<Q, undefined, P, R>,
  request: { path: string; params?: Record<string, string>; searchParams?: SearchParams },
): Promise<{ value: R; agency: Membership } | null> {
  const outcome = await runPageUseCase(useCase, request);
  if (outcome && !outcome.ok) throw outcome.error;
  return outcome;
}
