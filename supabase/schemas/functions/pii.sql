-- PII leaves the tables only through these definer functions: the columns are closed to API
-- roles, and each function answers for the caller's own agencies only.
-- Bodies name tables created later (tables/): checked when first called, not here.
set check_function_bodies = off;

-- Sealed name, email and phone (the app opens them, see src/lib/pii/cipher.ts).
create function private.customer_pii(customer_ids uuid[])
returns table (id uuid, agency_id uuid, pii_key_id text, pii_ciphertext bytea)
language sql stable security definer set search_path = ''
as $$
  select c.id, c.agency_id, c.pii_key_id, c.pii_ciphertext
  from public.customers c
  where c.id = any (customer_ids) and c.agency_id in (select private.my_agency_ids())
$$;

create function private.contact_pii(contact_ids uuid[])
returns table (id uuid, agency_id uuid, pii_key_id text, pii_ciphertext bytea)
language sql stable security definer set search_path = ''
as $$
  select c.id, c.agency_id, c.pii_key_id, c.pii_ciphertext
  from public.contacts c
  where c.id = any (contact_ids) and c.agency_id in (select private.my_agency_ids())
$$;

revoke all on function private.customer_pii(uuid[]) from public;
revoke all on function private.contact_pii(uuid[]) from public;
grant execute on function private.customer_pii(uuid[]) to authenticated;
grant execute on function private.contact_pii(uuid[]) to authenticated;

-- Exact email search through the blind index (the drill-down): which of the caller's customers
-- have an email whose HMAC is the given one.
create function private.customer_ids_by_email_index(target_agency uuid, email_index bytea)
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select c.id from public.customers c
  where c.agency_id = target_agency and c.email_blind_index = email_index
    and target_agency in (select private.my_agency_ids())
$$;
revoke all on function private.customer_ids_by_email_index(uuid, bytea) from public;
grant execute on function private.customer_ids_by_email_index(uuid, bytea) to authenticated;
