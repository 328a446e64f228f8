-- Insurance policies: what a customer's tier, lines and renewals are computed from (SPEC §4, §5).

create table public.policies (
  id uuid primary key default private.uuid_v7(),
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
  -- Normalized once, when a policy is written, not on every refresh.
  line_key text generated always as (public.normalize_line_of_business(line_of_business)) stored,
  -- When it was cancelled (import column cancellation_date), and the day an import marked it expired.
  cancellation_date date,
  expired_on date,
  -- The day it stops being in force (SPEC §11): in force on D when effective_date <= D < ends_on.
  ends_on date generated always as (public.policy_ends_on(status, effective_date, expiration_date, cancellation_date, expired_on)) stored,
  unique (agency_id, external_id),
  check (expiration_date is null or expiration_date >= effective_date),
  constraint policies_cancellation_after_effective check (cancellation_date is null or cancellation_date >= effective_date),
  foreign key (agency_id, customer_id) references public.customers (agency_id, id) on delete cascade
);
create index policies_customer_id_idx on public.policies (customer_id);
create index policies_agency_updated_idx on public.policies (agency_id, updated_at);
-- A day's refresh and the backfill look only at customers whose policies started or ended since
-- the snapshot before (SPEC §11): these find them without reading the book.
create index policies_agency_effective_idx on public.policies (agency_id, effective_date);
create index policies_agency_ends_idx on public.policies (agency_id, ends_on);

alter table public.policies enable row level security;

-- Every member reads; owners and admins write (import). Same set as customers and contacts.
create policy policies_select on public.policies for select to authenticated
  using (agency_id in (select private.my_agency_ids()));
create policy policies_insert on public.policies for insert to authenticated
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy policies_update on public.policies for update to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')))
  with check (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy policies_delete on public.policies for delete to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select, insert, update, delete on public.policies to authenticated, service_role;
