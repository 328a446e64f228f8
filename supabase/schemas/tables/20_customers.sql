-- A customer of an agency (SPEC §4); PII sealed by the app, never selectable by API roles.

create table public.customers (
  id uuid primary key default private.uuid_v7(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  external_id text not null check (char_length(external_id) between 1 and 100),
  kind public.customer_kind not null default 'individual',
  customer_since date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Name, email and phone sealed together (AES-256-GCM, src/lib/pii/cipher.ts) with the id of
  -- the key that sealed them; an HMAC blind index for exact email search; an HMAC digest that
  -- tells imports whether the PII changed.
  pii_key_id text check (char_length(pii_key_id) <= 32),
  pii_ciphertext bytea check (octet_length(pii_ciphertext) <= 4096),
  email_blind_index bytea,
  pii_digest bytea,
  unique (agency_id, external_id),
  -- Lets children reference (agency_id, id) so a row can never point into another agency.
  unique (agency_id, id),
  constraint customers_pii_sealed_with_a_key check ((pii_ciphertext is null) = (pii_key_id is null))
);
-- The daily refresh finds the customers written since its last run (customer_since can change
-- tenure) without reading every customer of the agency.
create index customers_agency_updated_idx on public.customers (agency_id, updated_at);
create index customers_email_blind_index_idx on public.customers (agency_id, email_blind_index)
  where email_blind_index is not null;

alter table public.customers enable row level security;

-- Every member reads; owners and admins write (import). Same set as contacts and policies.
create policy customers_select on public.customers for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy customers_insert on public.customers for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy customers_update on public.customers for update to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy customers_delete on public.customers for delete to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select, insert, update, delete on public.customers to service_role;
grant insert, update, delete on public.customers to authenticated;
-- Column by column: on Supabase the public schema is reachable through its REST API with a
-- user's own token, and the PII columns must not be (the app reads them through private.customer_pii).
grant select (id, agency_id, external_id, kind, customer_since, created_at, updated_at) on public.customers to authenticated;
