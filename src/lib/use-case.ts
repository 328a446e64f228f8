/**
 * A use case is one behaviour of the product (list a tier's customers, save the rules, commit an
 * import), written once and served by two thin adapters: `withAgencyAuth` makes it an API route
 * (src/lib/api/with-agency-auth.ts) and `runPageUseCase` gives its result to a server component
 * (src/lib/http/run-page-use-case.ts). Both check the same permission, parse the same input
 * schemas and raise the same domain errors, so a page and its API cannot drift.
 *
 * Nothing here knows HTTP: a use case reads its input, loads what it acts on (job-or-404,
 * customer-or-404) and throws `DomainError`s from the closed set it declares.
 */
import type { z } from 'zod';
import type { Session } from '@/lib/auth/session';
import type { Queryable } from '@/lib/db';
import type { DomainErrorCode } from '@/lib/domain-error';
import type { Membership } from '@/lib/tenancy/agencies';
import type { Permission } from '@/lib/tenancy/permissions';

/**
 * How often a caller may run a use case, by family (the limits themselves, and why, are in
 * src/lib/api/rate-limits.ts). Pages are not limited: each page view is one person reading.
 */
export type RateLimitFamily = 'read' | 'write' | 'export' | 'import' | 'refresh' | 'batch' | 'testErrorReport';

type Schema = z.ZodType;
/** What a schema parses to; `undefined` for a part the use case does not take. */
export type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface UseCaseInput<Q, B, P> {
  query: Q;
  body: B;
  params: P;
}

/** Who runs the use case, and the one way it reaches the database (as them, with RLS). */
export interface Caller {
  session: Session;
  /** The id logs and the audit trail carry for this request. */
  requestId: string;
  memberships: Membership[];
  /** The agency the caller is looking at (the switcher's choice, if still theirs); none if they belong to none. */
  currentAgency: Membership | null;
  /** Runs SQL as the caller: one transaction with their claims and RLS in force. */
  db<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** For use cases that act on one agency: the agency, with the caller's role in it. */
export interface AgencyCaller extends Caller {
  agency: Membership;
}

interface UseCaseShape<Q extends Schema | undefined, B extends Schema | undefined, P extends Schema | undefined> {
  /** What the caller's role must allow in the agency; null means any member. */
  permission: Permission | null;
  rateLimit: RateLimitFamily;
  query?: Q;
  body?: B;
  params?: P;
  /** The largest JSON body accepted, when larger than the default. */
  maxBodyBytes?: number;
  /** The domain errors `run` may raise, besides `invalid` input and an unavailable database. */
  errors: readonly DomainErrorCode[];
}

/** A use case acting on the caller's current agency (almost all of them). */
export interface AgencyUseCase<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  P extends Schema | undefined,
  Out,
> extends UseCaseShape<Q, B, P> {
  scope: 'agency';
  run(caller: AgencyCaller, input: UseCaseInput<Parsed<Q>, Parsed<B>, Parsed<P>>): Promise<Out>;
}

/** A use case acting on the signed-in user (their agencies), not on one agency. */
export interface UserUseCase<
  Q extends Schema | undefined,
  B extends Schema | undefined,
  P extends Schema | undefined,
  Out,
> extends UseCaseShape<Q, B, P> {
  scope: 'user';
  permission: null;
  run(caller: Caller, input: UseCaseInput<Parsed<Q>, Parsed<B>, Parsed<P>>): Promise<Out>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- any schemas: the use case typed its own input; adapters only pass it through */
/** Any use case whose result is R, as the adapters take it. */
export type UseCaseOf<R> = AgencyUseCase<any, any, any, R> | UserUseCase<any, any, any, R>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Declares an agency use case; the identity function only gives it its type. */
export function agencyUseCase<
  Out,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
>(definition: Omit<AgencyUseCase<Q, B, P, Out>, 'scope'>): AgencyUseCase<Q, B, P, Out> {
  return { ...definition, scope: 'agency' };
}

/** Declares a use case on the signed-in user's own account. */
export function userUseCase<
  Out,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
>(definition: Omit<UserUseCase<Q, B, P, Out>, 'scope' | 'permission'>): UserUseCase<Q, B, P, Out> {
  return { ...definition, scope: 'user', permission: null };
}
