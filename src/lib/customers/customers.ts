import type { Queryable } from '@/lib/db';
import type { Aliased, FunctionResult, Renamed } from '@/lib/db/rows';
import type { PersonFields } from './pii-mask';
import { invalidInput, notFoundError } from '@/lib/domain-error';
import { openPii, type PiiTable } from '@/lib/pii/cipher';
import { maskPerson } from './pii-mask';

/**
 * Reading the book: a customer list with keyset pagination and one customer with its
 * policies and contacts. RLS limits every statement to the caller's agencies; the agency
 * filter on top keeps the query on the caller's *current* agency and its indexes.
 */
type CustomerColumns = Aliased<'customers', { id: 'id'; externalId: 'external_id'; kind: 'kind'; customerSince: 'customer_since' }>;
export interface CustomerRow extends CustomerColumns, PersonFields {}

export interface CustomerPage {
  customers: CustomerRow[];
  nextCursor: string | null;
}

export const SEALED_COLUMNS = `pii.agency_id as "agencyId", pii.pii_key_id as "piiKeyId", pii.pii_ciphertext as "piiCiphertext"`;

const encodeCursor = (externalId: string) => Buffer.from(externalId, 'utf8').toString('base64url');

/** A cursor is an opaque customer id; anything that does not decode to a plausible one is the caller's mistake. */
function decodeCursor(cursor: string): string {
  const externalId = Buffer.from(cursor, 'base64url').toString('utf8');
  // Control characters and undecodable bytes never occur in an id we issued.
  if (externalId.length === 0 || externalId.length > 100 || /[\u0000-\u001f\ufffd]/.test(externalId)) {
    throw invalidInput([{ field: 'query.cursor', message: 'Not a cursor returned by this API.' }]);
  }
  return externalId;
}

// PII columns are closed to API roles (see the book-of-business migration); these joins read
// the sealed PII through private.customer_pii / contact_pii, which check membership themselves,
// and the app opens it (src/lib/pii/cipher.ts).
const CUSTOMER_COLUMNS = `c.id, c.external_id as "externalId", c.kind, c.customer_since as "customerSince", ${SEALED_COLUMNS}`;

/** SEALED_COLUMNS as the left join gives them: all null when private.customer_pii / contact_pii returns no row. */
export type Sealed = Renamed<
  FunctionResult<'private.customer_pii'>,
  { agencyId: 'agency_id'; piiKeyId: 'pii_key_id'; piiCiphertext: 'pii_ciphertext' }
>;

const NO_PII: PersonFields = { name: null, email: null, phone: null };

/** Replaces the sealed columns of a row by its opened PII. */
export function withPii<T extends Sealed>(row: T, table: PiiTable): Omit<T, keyof Sealed> & PersonFields {
  const { agencyId, piiKeyId, piiCiphertext, ...rest } = row;
  // No agency means the join found no row for the caller: there is nothing to open.
  const pii = agencyId === null ? NO_PII : openPii({ keyId: piiKeyId, ciphertext: piiCiphertext }, table, agencyId);
  return { ...rest, ...pii };
}

export async function listCustomers(
  tx: Queryable,
  agencyId: string,
  options: { limit: number; cursor?: string; canSeePii: boolean },
): Promise<CustomerPage> {
  const rows = await tx.query<Omit<CustomerRow, keyof PersonFields> & Sealed>(
    `with page as (
       select id, external_id, kind, customer_since from public.customers
       where agency_id = $1 and ($2::text is null or external_id > $2)
       order by external_id
       limit $3
     )
     select ${CUSTOMER_COLUMNS}
     from page c
     left join private.customer_pii((select array_agg(id) from page)) pii on pii.id = c.id
     order by c.external_id`,
    [agencyId, options.cursor ? decodeCursor(options.cursor) : null, options.limit + 1],
  );
  const page = rows.slice(0, options.limit);
  return {
    customers: page.map((row) => maskPerson(withPii(row, 'customer'), options.canSeePii)),
    nextCursor: rows.length > options.limit ? encodeCursor(page[page.length - 1]!.externalId) : null,
  };
}

export type PolicyRow = Aliased<
  'policies',
  {
    id: 'id';
    externalId: 'external_id';
    lineOfBusiness: 'line_of_business';
    annualPremium: 'annual_premium';
    effectiveDate: 'effective_date';
    expirationDate: 'expiration_date';
    status: 'status';
  }
>;

type ContactColumns = Aliased<'contacts', { id: 'id'; role: 'role'; isPrimary: 'is_primary' }>;
export interface ContactRow extends ContactColumns, PersonFields {}

export async function getCustomer(tx: Queryable, agencyId: string, customerId: string, canSeePii: boolean) {
  const [customer] = await tx.query<Omit<CustomerRow, keyof PersonFields> & Sealed>(
    `select ${CUSTOMER_COLUMNS}
     from public.customers c
     left join private.customer_pii(array[$2::uuid]) pii on pii.id = c.id
     where c.agency_id = $1 and c.id = $2`,
    [agencyId, customerId],
  );
  if (!customer) throw notFoundError('Customer');
  const policies = await tx.query<PolicyRow>(
    `select id, external_id as "externalId", line_of_business as "lineOfBusiness", annual_premium as "annualPremium",
            effective_date as "effectiveDate", expiration_date as "expirationDate", status
     from public.policies where customer_id = $1 order by effective_date desc, external_id`,
    [customerId],
  );
  const sealedContacts = await tx.query<Omit<ContactRow, keyof PersonFields> & Sealed>(
    `select k.id, k.role, k.is_primary as "isPrimary", ${SEALED_COLUMNS}
     from public.contacts k
     left join private.contact_pii(array(select id from public.contacts where customer_id = $1)) pii on pii.id = k.id
     where k.customer_id = $1`,
    [customerId],
  );
  // Names are ciphertext in the database, so the order (primary first, then by name) is made here.
  const contacts: ContactRow[] = sealedContacts
    .map((row) => withPii(row, 'contact'))
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || (a.name ?? '').localeCompare(b.name ?? ''));
  // Tier history, newest first: the current tier, the one before it and the day it changed.
  const history = await tx.query<Aliased<'customer_tier_history', { tier: 'tier'; validFrom: 'valid_from' }>>(
    `select tier, valid_from as "validFrom" from public.customer_tier_history where customer_id = $1 order by valid_from desc limit 200`,
    [customerId],
  );
  const changeIndex = history.findIndex((row) => row.tier !== history[0]?.tier);
  const tier = history.length
    ? {
        current: history[0]!.tier,
        previous: changeIndex === -1 ? null : history[changeIndex]!.tier,
        changedOn: changeIndex === -1 ? null : history[changeIndex - 1]!.validFrom,
      }
    : null;
  return {
    customer: maskPerson(withPii(customer, 'customer'), canSeePii),
    tier,
    policies,
    contacts: contacts.map((contact) => maskPerson(contact, canSeePii)),
  };
}

/** Whether the agency has any customer on file: without one its dashboard shows the illustrative demo book. */
export async function agencyHasCustomers(tx: Queryable, agencyId: string): Promise<boolean> {
  const [row] = await tx.query<{ found: boolean }>('select exists (select 1 from public.customers where agency_id = $1) as found', [
    agencyId,
  ]);
  return row?.found ?? false;
}
