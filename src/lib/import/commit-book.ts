import type { Queryable, SqlParam } from '@/lib/db';
import { DomainError } from '@/lib/domain-error';

/**
 * The statements of a commit that write the book (see commit.ts for the transaction around them).
 * Plans that do not depend on luck: every statement joins the job's rows (staged rows, analyzed
 * when staging ended, or the commit's temporary tables, analyzed as they are made) with the book
 * as it was before the commit, whose statistics the previous commit refreshed. Customer ids come
 * from the commit's own table of them, never from customers the same transaction inserted (no
 * statistics know those rows yet), and no statement reads a table it is filling. Without that, a
 * 200,000-row job the statistics did not know of was joined row by row (minutes per step).
 */
export type Counts = { created: number; updated: number; unchanged: number };
/** Runs an insert or update and returns how many rows it wrote. */
async function count(tx: Queryable, sql: string, params: readonly SqlParam[]): Promise<number> {
  const [row] = await tx.query<{ n: number }>(`with changed as (${sql} returning 1) select count(*)::int as n from changed`, params);
  return row!.n;
}

export async function commitCustomers(tx: Queryable, jobId: string, agencyId: string): Promise<Counts> {
  // Per customer: its type from the first row that gives one, its PII from the first row that has any.
  await tx.query(
    `create temp table import_customers on commit drop as
     with firsts as (
       select customer_external_id as external_id,
         min(row_number) filter (where customer_kind is not null) as kind_row,
         min(row_number) filter (where pii_digest is not null) as pii_row
       from private.import_staged_rows where job_id = $1 and valid group by customer_external_id
     )
     select f.external_id, k.customer_kind as kind, p.pii_key_id, p.pii_ciphertext, p.email_blind_index, p.pii_digest
     from firsts f
     left join private.import_staged_rows k on k.job_id = $1 and k.row_number = f.kind_row
     left join private.import_staged_rows p on p.job_id = $1 and p.row_number = f.pii_row`,
    [jobId],
  );
  await tx.query('analyze import_customers');
  const updated = await count(
    tx,
    `update public.customers c set
       kind = coalesce(i.kind, c.kind),
       pii_key_id = case when i.pii_digest is null then c.pii_key_id else i.pii_key_id end,
       pii_ciphertext = case when i.pii_digest is null then c.pii_ciphertext else i.pii_ciphertext end,
       email_blind_index = case when i.pii_digest is null then c.email_blind_index else i.email_blind_index end,
       pii_digest = coalesce(i.pii_digest, c.pii_digest),
       updated_at = now()
     from import_customers i
     where c.agency_id = $1 and c.external_id = i.external_id
       and ((i.kind is not null and i.kind <> c.kind) or (i.pii_digest is not null and i.pii_digest is distinct from c.pii_digest))`,
    [agencyId],
  );
  // The id of every customer of the file, existing or created here: what contacts and policies join.
  await tx.query(
    `create temp table import_customer_ids on commit drop as
     select c.external_id, c.id from import_customers i join public.customers c on c.agency_id = $1 and c.external_id = i.external_id`,
    [agencyId],
  );
  await tx.query('analyze import_customer_ids');
  // The ids created go to a table of their own: a statement that reads the table it fills
  // rescans pages it is adding, which made an insert quadratic when that table looked empty.
  await tx.query(
    `create temp table import_created_customers on commit drop as
     with created as (
       insert into public.customers (agency_id, external_id, kind, pii_key_id, pii_ciphertext, email_blind_index, pii_digest)
       select $1, i.external_id, coalesce(i.kind, 'individual'), i.pii_key_id, i.pii_ciphertext, i.email_blind_index, i.pii_digest
       from import_customers i
       where not exists (select 1 from import_customer_ids x where x.external_id = i.external_id)
       -- In key order, with time-ordered ids: every index of the table is filled from one end.
       order by i.external_id
       returning external_id, id
     )
     select external_id, id from created`,
    [agencyId],
  );
  const created = await count(tx, 'insert into import_customer_ids select external_id, id from import_created_customers', []);
  await tx.query('analyze import_customer_ids');
  const [{ total } = { total: 0 }] = await tx.query<{ total: number }>('select count(*)::int as total from import_customers');
  return { created, updated, unchanged: total - created - updated };
}

export async function commitContacts(tx: Queryable, jobId: string, agencyId: string, primaryMapped: boolean): Promise<Counts> {
  await tx.query(
    `create temp table import_contacts on commit drop as
     select distinct on (s.customer_external_id, s.contact_key)
       c.id as customer_id, s.contact_key, s.contact_pii_key_id as pii_key_id, s.contact_pii_ciphertext as pii_ciphertext,
       s.contact_email_blind_index as email_blind_index, s.contact_pii_digest as pii_digest, s.contact_role as role,
       s.contact_is_primary as is_primary, s.row_number, null::boolean as existing, null::boolean as primary_taken
     from private.import_staged_rows s
     join import_customer_ids c on c.external_id = s.customer_external_id
     where s.job_id = $1 and s.valid and s.contact_key is not null
     order by s.customer_external_id, s.contact_key, s.row_number`,
    [jobId],
  );
  await tx.query('analyze import_contacts');
  const [{ total } = { total: 0 }] = await tx.query<{ total: number }>('select count(*)::int as total from import_contacts');
  if (total === 0) return { created: 0, updated: 0, unchanged: 0 };
  if (primaryMapped) {
    // One primary per customer: the first the file names; any other primary of that customer steps down.
    await tx.query(
      `update import_contacts i set is_primary = false
       from (select customer_id, min(row_number) as first_row from import_contacts where is_primary group by customer_id) f
       where i.customer_id = f.customer_id and i.is_primary and i.row_number > f.first_row`,
    );
    await tx.query(
      `update public.contacts k set is_primary = false, updated_at = now()
       from import_contacts i
       where i.is_primary and k.customer_id = i.customer_id and k.is_primary and k.contact_key is distinct from i.contact_key`,
    );
  }
  const updated = await count(
    tx,
    `update public.contacts k set
       pii_key_id = i.pii_key_id, pii_ciphertext = i.pii_ciphertext, email_blind_index = i.email_blind_index,
       pii_digest = i.pii_digest, role = coalesce(i.role, k.role),
       is_primary = case when $2 then i.is_primary else k.is_primary end, updated_at = now()
     from import_contacts i
     where k.agency_id = $1 and k.customer_id = i.customer_id and k.contact_key = i.contact_key
       and (k.pii_digest is distinct from i.pii_digest or (i.role is not null and k.role is distinct from i.role)
            or ($2 and k.is_primary <> i.is_primary))`,
    [agencyId, primaryMapped],
  );
  // What the insert needs to know of the book, asked before it: a statement that reads the table
  // it fills rescans pages it is adding (quadratic when the table looked empty to the planner).
  await tx.query(
    `update import_contacts i set
       existing = exists (select 1 from public.contacts k where k.customer_id = i.customer_id and k.contact_key = i.contact_key),
       primary_taken = exists (select 1 from public.contacts p where p.customer_id = i.customer_id and p.is_primary)`,
  );
  const created = await count(
    tx,
    `insert into public.contacts (agency_id, customer_id, contact_key, pii_key_id, pii_ciphertext, email_blind_index, pii_digest, role, is_primary)
     select $1, i.customer_id, i.contact_key, i.pii_key_id, i.pii_ciphertext, i.email_blind_index, i.pii_digest, i.role,
       i.is_primary and not i.primary_taken
     from import_contacts i
     where not i.existing
     order by i.customer_id, i.contact_key`,
    [agencyId],
  );
  return { created, updated, unchanged: total - created - updated };
}

/**
 * The day an import marked a policy expired (policies.expired_on), as the commit writes it. A
 * policy's history needs it (SPEC §11): an expired policy was in force until some day, and
 * without that day it would count as never in force, so every month it was on the books would
 * lose it when looking back. So a row with status expired keeps the day the policy was first
 * marked (an earlier import's, or its replace's), else takes this import's day ($2); any other
 * status clears it: a policy that comes back is in force again, open-ended. `p` is the policy as
 * it was, `i` the file's row.
 */
const EXPIRED_ON_UPDATED = `case when i.status <> 'expired' then null when p.status = 'expired' then coalesce(p.expired_on, $2::date) else $2::date end`;
const EXPIRED_ON_CREATED = `case when i.status = 'expired' then $2::date end`;

export async function commitPolicies(
  tx: Queryable,
  jobId: string,
  agencyId: string,
  options: { repeatedRows: boolean; importDay: string },
): Promise<Counts> {
  const { repeatedRows, importDay } = options;
  // A policy is on one valid row unless validation warned of repeated rows (identical ones; rows
  // that differ were made invalid): only then is the million-row sort of distinct on needed.
  await tx.query(
    `create temp table import_policies on commit drop as
     select ${repeatedRows ? 'distinct on (s.policy_external_id)' : ''} c.id as customer_id, s.policy_external_id as external_id,
       s.line_of_business, s.annual_premium, s.effective_date, s.expiration_date, s.status, s.cancellation_date
     from private.import_staged_rows s
     join import_customer_ids c on c.external_id = s.customer_external_id
     where s.job_id = $1 and s.valid
     ${repeatedRows ? 'order by s.policy_external_id, s.row_number' : ''}`,
    [jobId],
  );
  await tx.query('analyze import_policies');
  // Validation checked this too, but another import may have run since: re-checked under the lock.
  const [moved] = await tx.query<{ n: number }>(
    `select count(*)::int as n from import_policies i
     join public.policies p on p.agency_id = $1 and p.external_id = i.external_id
     where p.customer_id <> i.customer_id`,
    [agencyId],
  );
  if (moved!.n > 0) {
    throw new DomainError(
      'conflict',
      `${moved!.n.toLocaleString('en-US')} policies of this file now belong to other customers (the book changed since validation); upload the file again.`,
    );
  }
  const updated = await count(
    tx,
    `update public.policies p set line_of_business = i.line_of_business, annual_premium = i.annual_premium,
       effective_date = i.effective_date, expiration_date = i.expiration_date, status = i.status,
       cancellation_date = i.cancellation_date, expired_on = ${EXPIRED_ON_UPDATED}, updated_at = now()
     from import_policies i
     where p.agency_id = $1 and p.external_id = i.external_id
       and (p.line_of_business, p.annual_premium, p.effective_date, p.expiration_date, p.status, p.cancellation_date, p.expired_on)
           is distinct from
           (i.line_of_business, i.annual_premium, i.effective_date, i.expiration_date, i.status, i.cancellation_date, ${EXPIRED_ON_UPDATED})`,
    [agencyId, importDay],
  );
  const created = await count(
    tx,
    `insert into public.policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date,
       status, cancellation_date, expired_on)
     select $1, i.customer_id, i.external_id, i.line_of_business, i.annual_premium, i.effective_date, i.expiration_date,
       i.status, i.cancellation_date, ${EXPIRED_ON_CREATED}
     from import_policies i
     where not exists (select 1 from public.policies p where p.agency_id = $1 and p.external_id = i.external_id)
     -- Grouped by customer for its indexes. The sort also means every policy is looked up before
     -- the first is written, so the look-up never rescans pages this insert adds.
     order by i.customer_id`,
    [agencyId, importDay],
  );
  const [{ total } = { total: 0 }] = await tx.query<{ total: number }>('select count(*)::int as total from import_policies');
  return { created, updated, unchanged: total - created - updated };
}

/**
 * Replace mode: the file is the whole book. Active policies it does not mention are marked
 * expired on the import's day, never deleted (cancelled ones stay cancelled; expired ones keep
 * the day they were first marked). That day is when the policy stopped being in force (SPEC
 * §11): without it, looking back, the policy would count as never in force at all.
 */
export async function expireAbsentPolicies(tx: Queryable, jobId: string, agencyId: string, importDay: string): Promise<number> {
  return count(
    tx,
    `update public.policies p set status = 'expired', expired_on = $3, updated_at = now()
     where p.agency_id = $1 and p.status = 'active'
       and not exists (select 1 from private.import_staged_rows s where s.job_id = $2 and s.policy_external_id = p.external_id)`,
    [agencyId, jobId, importDay],
  );
}
