import { config } from '@/lib/config';
import { backfillAgency, MAX_HISTORY_MONTHS } from '@/lib/segmentation/backfill';
import { refreshAgency, RefreshFailedError } from '@/lib/segmentation/refresh';
import type { Database, Queryable } from '@/lib/db/types';
import { contactKey, storedPii, type PiiTable, type PersonPii } from '@/lib/pii/cipher';
import { todayIso } from '@/lib/segmentation/dates';
import { generateDemoBook, stableUuid } from './demo-book';
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_USERS } from './demo-users';

// Who the demo agencies hold lives apart, for readers that must not load the seed (npm run smoke).
export { DEMO_PASSWORD } from './demo-users';

export interface SeedOptions {
  /** The date the book's policies are laid out around. */
  asOf?: string;
  /** Size of Demo Agency's book (the product demo uses 2,500). */
  customers?: number;
  /** Create the demo users in auth.users (embedded auth only; Supabase Auth owns its users). */
  withUsers?: boolean;
}

export const agencyId = (slug: string) => stableUuid(`agency/${slug}`);
export const demoUserId = (email: string) => stableUuid(`user/${email}`);

async function upsertAgenciesAndUsers(tx: Queryable, withUsers: boolean) {
  for (const agency of DEMO_AGENCIES) {
    await tx.query(
      `insert into public.agencies (id, name, slug) values ($1, $2, $3)
       on conflict (id) do update set name = excluded.name, slug = excluded.slug`,
      [agencyId(agency.slug), agency.name, agency.slug],
    );
  }
  if (!withUsers) return;
  // One bcrypt hash for the one shared demo password, not one per user: each costs about 70 ms
  // of every embedded first start, and a shared salt tells nothing the README does not.
  const [{ hash } = { hash: '' }] = await tx.query<{ hash: string }>(`select extensions.crypt($1, extensions.gen_salt('bf', 10)) as hash`, [
    DEMO_PASSWORD,
  ]);
  for (const user of DEMO_USERS) {
    await tx.query(
      `insert into auth.users (id, email, encrypted_password, email_confirmed_at)
       values ($1, $2, $3, now())
       on conflict (id) do update set email = excluded.email, encrypted_password = excluded.encrypted_password`,
      [demoUserId(user.email), user.email, hash],
    );
    for (const [agency, role] of user.memberships) {
      await tx.query(
        `insert into public.agency_members (agency_id, user_id, role) values ($1, $2, $3)
         on conflict (agency_id, user_id) do update set role = excluded.role`,
        [agencyId(agency), demoUserId(user.email), role],
      );
    }
  }
}

/** A person's PII as sealed columns, base64 in the JSON that carries the rows to SQL. */
function sealedJson(person: PersonPii, table: PiiTable, agency: string) {
  const stored = storedPii({ name: person.name, email: person.email, phone: person.phone }, table, agency);
  const base64 = (bytes: Buffer | null) => bytes?.toString('base64') ?? null;
  return {
    pii_key_id: stored.keyId,
    pii_ciphertext: base64(stored.ciphertext),
    email_blind_index: base64(stored.emailIndex),
    pii_digest: base64(stored.digest),
  };
}

const SEALED_RECORD_COLUMNS = 'pii_key_id text, pii_ciphertext text, email_blind_index text, pii_digest text';
const SEALED_VALUES = `r.pii_key_id, decode(r.pii_ciphertext, 'base64'), decode(r.email_blind_index, 'base64'), decode(r.pii_digest, 'base64')`;

async function replaceBook(tx: Queryable, slug: string, customers: number, asOf: string) {
  const id = agencyId(slug);
  // The history goes with the book: snapshot days, their totals and retention, tier history.
  await tx.query('select private.clear_agency_history($1)', [id]);
  await tx.query('delete from public.customers where agency_id = $1', [id]);
  if (customers === 0) return;
  const book = generateDemoBook({ agencySlug: slug, asOf, customers });
  // One statement per table: the rows travel as one JSON parameter, never as SQL text.
  await tx.query(
    `insert into public.customers (id, agency_id, external_id, kind, customer_since, pii_key_id, pii_ciphertext,
       email_blind_index, pii_digest)
     select r.id, $1, r.external_id, r.kind, r.customer_since, ${SEALED_VALUES}
     from jsonb_to_recordset($2::jsonb) as r(id uuid, external_id text, kind public.customer_kind,
       customer_since date, ${SEALED_RECORD_COLUMNS})`,
    [
      id,
      JSON.stringify(
        book.customers.map(({ name, email, phone, ...rest }) => ({ ...rest, ...sealedJson({ name, email, phone }, 'customer', id) })),
      ),
    ],
  );
  await tx.query(
    `insert into public.contacts (id, agency_id, customer_id, role, is_primary, contact_key, pii_key_id, pii_ciphertext,
       email_blind_index, pii_digest)
     select r.id, $1, r.customer_id, r.role, r.is_primary, decode(r.contact_key, 'base64'), ${SEALED_VALUES}
     from jsonb_to_recordset($2::jsonb) as r(id uuid, customer_id uuid, role text, is_primary boolean,
       contact_key text, ${SEALED_RECORD_COLUMNS})`,
    [
      id,
      JSON.stringify(
        book.contacts.map(({ name, email, phone, ...rest }) => ({
          ...rest,
          contact_key: contactKey({ name, email, phone })?.toString('base64') ?? null,
          ...sealedJson({ name, email, phone }, 'contact', id),
        })),
      ),
    ],
  );
  await tx.query(
    `insert into public.policies (id, agency_id, customer_id, external_id, line_of_business,
       annual_premium, effective_date, expiration_date, status, cancellation_date, expired_on)
     select r.id, $1, r.customer_id, r.external_id, r.line_of_business, r.annual_premium,
       r.effective_date, r.expiration_date, r.status, r.cancellation_date, r.expired_on
     from jsonb_to_recordset($2::jsonb) as r(id uuid, customer_id uuid, external_id text,
       line_of_business text, annual_premium numeric, effective_date date, expiration_date date,
       status public.policy_status, cancellation_date date, expired_on date)`,
    [id, JSON.stringify(book.policies)],
  );
}

/**
 * What the dashboard reads, computed as an agency's first day would: Demo Agency's 36 month-ends
 * from its policy dates (the backfill), then each agency's refresh of the as-of day, as the daily
 * job would run it. Second Agency stays without history: the agency a new customer starts as.
 */
async function computeHistory(asOf: string, demoBook: boolean, db: Database) {
  if (demoBook) {
    await backfillAgency(agencyId('demo-agency'), { months: MAX_HISTORY_MONTHS, today: asOf }, db).catch((error: unknown) => {
      throw new Error(`The history backfill of Demo Agency failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  for (const agency of DEMO_AGENCIES) {
    await refreshAgency(agencyId(agency.slug), { mode: 'agency', asOf }, db).catch((error: unknown) => {
      throw new Error(`Insights refresh of ${agency.name} failed: ${error instanceof RefreshFailedError ? error.cause : String(error)}`);
    });
  }
}

/**
 * Resets the two demo agencies to their seeded state: Demo Agency with its book, Second Agency
 * empty, and (embedded auth) the demo users. Runs as the database owner in one transaction.
 */
export async function seedDemo(db: Database, options: SeedOptions = {}) {
  const asOf = options.asOf ?? todayIso();
  const customers = options.customers ?? 2500;
  const withUsers = options.withUsers ?? !config().supabase;
  await db.transaction(async (tx) => {
    await upsertAgenciesAndUsers(tx, withUsers);
    await replaceBook(tx, 'demo-agency', customers, asOf);
    await replaceBook(tx, 'second-agency', 0, asOf);
  });
  await computeHistory(asOf, customers > 0, db);
  // On file, and in force as the dashboard counts them (the refresh aggregates just computed).
  const [counts] = await db.query<{
    customers: number;
    policies: number;
    customers_in_force: number;
    policies_in_force: number;
    snapshot_days: number;
  }>(
    `select (select count(*) from public.customers where agency_id = $1)::int as customers,
            (select count(*) from public.policies where agency_id = $1)::int as policies,
            (select coalesce(sum(customers), 0) from public.customer_segment_totals where agency_id = $1)::int as customers_in_force,
            (select coalesce(sum(active_policies), 0) from public.customer_segment_totals where agency_id = $1)::int as policies_in_force,
            (select count(*) from public.insight_refresh_days where agency_id = $1)::int as snapshot_days`,
    [agencyId('demo-agency')],
  );
  return {
    asOf,
    customers: counts?.customers ?? 0,
    policies: counts?.policies ?? 0,
    customersInForce: counts?.customers_in_force ?? 0,
    policiesInForce: counts?.policies_in_force ?? 0,
    /** Days the history holds: the backfilled month-ends and the as-of day. */
    snapshotDays: counts?.snapshot_days ?? 0,
  };
}

/** First embedded start: seed only a database that has no agency at all. */
export async function seedDemoIfEmpty(db: Database) {
  const [row] = await db.query<{ empty: boolean }>('select not exists (select 1 from public.agencies) as empty');
  if (row?.empty) return seedDemo(db);
  return null;
}
