-- The people at an organization customer; keyed per customer so a re-import updates them.

create table public.contacts (
  id uuid primary key default private.uuid_v7(),
  agency_id uuid not null,
  customer_id uuid not null,
  role text check (char_length(role) <= 100),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  -- Sealed PII as in customers.
  pii_key_id text check (char_length(pii_key_id) <= 32),
  pii_ciphertext bytea check (octet_length(pii_ciphertext) <= 4096),
  email_blind_index bytea,
  pii_digest bytea,
  -- A contact's identity within its organization (HMAC of name and email), so re-importing the
  -- same file updates contacts instead of adding them again.
  contact_key bytea,
  updated_at timestamptz not null default now(),
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade,
  constraint contacts_pii_sealed_with_a_key check ((pii_ciphertext is null) = (pii_key_id is null))
);
create index contacts_customer_id_idx on public.contacts (customer_id);
create unique index contacts_one_primary_per_customer on public.contacts (customer_id) where is_primary;
create unique index contacts_customer_contact_key_idx on public.contacts (customer_id, contact_key);

alter table public.contacts enable row level security;

-- Every member reads; owners and admins write (import). Same set as customers and policies.
create policy contacts_select on public.contacts for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy contacts_insert on public.contacts for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy contacts_update on public.contacts for update to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy contacts_delete on public.contacts for delete to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select, insert, update, delete on public.contacts to service_role;
grant insert, update, delete on public.contacts to authenticated;
-- PII columns stay closed to API roles (read through private.contact_pii).
grant select (id, agency_id, customer_id, role, is_primary, created_at, updated_at) on public.contacts to authenticated;
