-- The book of business (SPEC §4): customers, their contacts, policies, and the derived
-- per-customer insights that the refresh job rebuilds.

create type public.customer_kind as enum ('individual', 'organization');
create type public.policy_status as enum ('active', 'cancelled', 'expired');
create type public.customer_tier as enum ('elite', 'premium', 'standard', 'entry');

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  external_id text not null check (char_length(external_id) between 1 and 100),
  kind public.customer_kind not null default 'individual',
  customer_since date,
  name text check (char_length(name) <= 300),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 50),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, external_id),
  -- Lets children reference (agency_id, id) so a row can never point into another agency.
  unique (agency_id, id)
);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null,
  customer_id uuid not null,
  name text check (char_length(name) <= 300),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 50),
  role text check (char_length(role) <= 100),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade
);
create index contacts_customer_id_idx on public.contacts (customer_id);
create unique index contacts_one_primary_per_customer on public.contacts (customer_id) where is_primary;

create table public.policies (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null,
  customer_id uuid not null,
  external_id text not null check (char_length(external_id) between 1 and 100),
  line_of_business text not null check (char_length(line_of_business) between 1 and 100),
  annual_premium numeric(12, 2) not null check (annual_premium >= 0),
  effective_date date not null,
  expiration_date date,
  status public.policy_status not null default 'active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, external_id),
  check (expiration_date is null or expiration_date >= effective_date),
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade
);
create index policies_customer_id_idx on public.policies (customer_id);
create index policies_agency_updated_idx on public.policies (agency_id, updated_at);

create table public.customer_insights (
  customer_id uuid primary key,
  agency_id uuid not null,
  as_of date not null,
  annual_premium numeric(14, 2) not null default 0,
  active_policy_count integer not null default 0,
  distinct_lines integer not null default 0,
  lines text[] not null default '{}',
  first_policy_date date,
  tenure_years numeric(6, 2),
  next_renewal_date date,
  -- null when the customer has no active policy (inactive: no tier).
  tier public.customer_tier,
  tier_changed_at timestamptz,
  computed_at timestamptz not null default now(),
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade
);
-- The dashboard aggregate reads only this index (index-only scan), whatever the book size.
create index customer_insights_agency_tier_idx on public.customer_insights (agency_id, tier)
  include (annual_premium, distinct_lines, active_policy_count);

alter table public.customers enable row level security;
alter table public.contacts enable row level security;
alter table public.policies enable row level security;
alter table public.customer_insights enable row level security;

-- customers, contacts, policies: every member reads; owners and admins write (import). The
-- three tables share one policy set, written once.
do $$
declare
  book_table text;
begin
  foreach book_table in array array['customers', 'contacts', 'policies'] loop
    execute format(
      'create policy %1$s_select on public.%1$I for select to authenticated
         using (agency_id in (select private.my_agency_ids()))', book_table);
    execute format(
      'create policy %1$s_insert on public.%1$I for insert to authenticated
         with check (agency_id in (select private.my_agency_ids_with_role(''{owner,admin}'')))', book_table);
    execute format(
      'create policy %1$s_update on public.%1$I for update to authenticated
         using (agency_id in (select private.my_agency_ids_with_role(''{owner,admin}'')))
         with check (agency_id in (select private.my_agency_ids_with_role(''{owner,admin}'')))', book_table);
    execute format(
      'create policy %1$s_delete on public.%1$I for delete to authenticated
         using (agency_id in (select private.my_agency_ids_with_role(''{owner,admin}'')))', book_table);
  end loop;
end
$$;

-- customer_insights: derived data. Members read; only the refresh job (service role) writes,
-- so there are deliberately no insert, update or delete policies for users.
create policy customer_insights_select on public.customer_insights for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select, insert, update, delete on public.customers, public.contacts, public.policies,
  public.customer_insights to service_role;
grant insert, update, delete on public.customers, public.contacts, public.policies to authenticated;
grant select on public.policies, public.customer_insights to authenticated;

-- PII (name, email, phone) is not selectable by API roles, column by column: on Supabase the
-- public schema is reachable through its REST API with a user's own token, and a viewer must
-- not read raw PII that way. The app reads PII through the functions below (in `private`, which
-- the REST API does not expose) and masks it per role (SPEC §3).
grant select (id, agency_id, external_id, kind, customer_since, created_at, updated_at) on public.customers to authenticated;
grant select (id, agency_id, customer_id, role, is_primary, created_at) on public.contacts to authenticated;

create function private.customer_pii(customer_ids uuid[])
returns table (id uuid, name text, email text, phone text)
language sql stable security definer set search_path = ''
as $$
  select c.id, c.name, c.email, c.phone
  from public.customers c
  where c.id = any (customer_ids) and c.agency_id in (select private.my_agency_ids())
$$;

create function private.contact_pii(contact_ids uuid[])
returns table (id uuid, name text, email text, phone text)
language sql stable security definer set search_path = ''
as $$
  select c.id, c.name, c.email, c.phone
  from public.contacts c
  where c.id = any (contact_ids) and c.agency_id in (select private.my_agency_ids())
$$;

revoke all on function private.customer_pii(uuid[]) from public;
revoke all on function private.contact_pii(uuid[]) from public;
grant execute on function private.customer_pii(uuid[]) to authenticated;
grant execute on function private.contact_pii(uuid[]) to authenticated;
