import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { asUser } from '@/lib/db';
import { listMyMemberships, preferredAgency, type Membership } from '@/lib/tenancy/agencies';
import { AGENCY_COOKIE } from '@/lib/auth/cookies';
import { readSession, type Session } from '@/lib/auth/session';

export interface PageContext {
  session: Session;
  memberships: Membership[];
  /** Null when the user belongs to no agency yet. */
  agency: Membership | null;
}

/** The session as server components see it; they never set cookies (the proxy refreshes them). */
export const getOptionalSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  // Server components never set cookies, so whether they would be Secure does not matter here.
  return readSession({ getAll: () => store.getAll(), setAll: () => {}, secure: false });
});

/**
 * Who is looking and at which agency, once per request. Signed out → the sign-in page. The
 * agency cookie is only a preference: it is honoured if the user is still a member.
 */
export const getPageContext = cache(async (nextPath: string): Promise<PageContext> => {
  const session = await getOptionalSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  const memberships = await asUser(session.claims, listMyMemberships);
  const preferred = (await cookies()).get(AGENCY_COOKIE)?.value;
  const agency = preferredAgency(memberships, preferred);
  return { session, memberships, agency };
});
