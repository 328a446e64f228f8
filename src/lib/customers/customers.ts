import type { Queryable } from '@/lib/db';
import { notFound } from '@/lib/api/problem';
import { maskPerson } from './pii-mask';

/**
 * Reading the book: a customer list with keyset pagination and one customer with its
 * policies and contacts. RLS limits every statement to the caller's agencies; the agency
 * filter on top keeps the query on the caller's *current* agency and its indexes.
 */
export interface CustomerRow {
  id: string;
  externalId: string;
  kind: 'individual' | 'organization';
  name: string | null;
  email: string | null;
  phone: string | null;
  customerSince: string | null;
}

export interface CustomerPage {
  customers: CustomerRow[];
  nextCursor: string | null;
}

const encodeCursor = (externalId: string) => Buffer.from(externalId, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export async function listCustomers(
  tx: Queryable,
  agencyId: string,
  options: { limit: number; cursor?: string; canSeePii: boolean },
): Promise<CustomerPage> {
  const rows = await tx.query<CustomerRow>(
    `select id, external_id as "externalId", kind, name, email, phone, customer_since as "customerSince"
     from public.customers
     where agency_id = $1 and ($2::text is null or external_id > $2)
     order by external_id
     limit $3`,
    [agencyId, options.cursor ? decodeCursor(options.cursor) : null, options.limit + 1],
  );
  const page = rows.slice(0, options.limit);
  return {
    customers: page.map((row) => maskPerson(row, options.canSeePii)),
    nextCursor: rows.length > options.limit ? encodeCursor(page[page.length - 1]!.externalId) : null,
  };
}

export interface PolicyRow {
  id: string;
  externalId: string;
  lineOfBusiness: string;
  annualPremium: string;
  effectiveDate: string;
  expirationDate: string | null;
  status: 'active' | 'cancelled' | 'expired';
}

export interface ContactRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  role: string | null;
  isPrimary: boolean;
}

export async function getCustomer(tx: Queryable, agencyId: string, customerId: string, canSeePii: boolean) {
  const [customer] = await tx.query<CustomerRow>(
    `select id, external_id as "externalId", kind, name, email, phone, customer_since as "customerSince"
     from public.customers where agency_id = $1 and id = $2`,
    [agencyId, customerId],
  );
  if (!customer) throw notFound('Customer');
  const policies = await tx.query<PolicyRow>(
    `select id, external_id as "externalId", line_of_business as "lineOfBusiness", annual_premium as "annualPremium",
            effective_date as "effectiveDate", expiration_date as "expirationDate", status
     from public.policies where customer_id = $1 order by effective_date desc, external_id`,
    [customerId],
  );
  const contacts = await tx.query<ContactRow>(
    `select id, name, email, phone, role, is_primary as "isPrimary"
     from public.contacts where customer_id = $1 order by is_primary desc, name`,
    [customerId],
  );
  return {
    customer: maskPerson(customer, canSeePii),
    policies,
    contacts: contacts.map((contact) => maskPerson(contact, canSeePii)),
  };
}

export async function countBook(tx: Queryable, agencyId: string) {
  const [row] = await tx.query<{ customers: number; policies: number; activePolicies: number }>(
    `select (select count(*) from public.customers where agency_id = $1) as customers,
            (select count(*) from public.policies where agency_id = $1) as policies,
            (select count(*) from public.policies where agency_id = $1 and status = 'active') as "activePolicies"`,
    [agencyId],
  );
  return row!;
}
