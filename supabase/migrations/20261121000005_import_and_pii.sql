-- Data in (issue 4): PII encrypted at rest, organization contacts keyed for imports, import
-- jobs with their issues and staged rows, and a line-of-business normalizer fast enough to
-- run on every imported policy.

-- 1. Line of business normalization, same mapping as before (and as src/lib/segmentation/
--    lines.ts). The SQL version planned a VALUES lookup on every call (~170 µs per row: 3
--    minutes per million policies); plpgsql with one constant map is ~4 µs.
create or replace function public.normalize_line_of_business(raw text) returns text
language plpgsql immutable parallel safe
as $$
declare
  key constant text := trim(both '_' from regexp_replace(
    translate(raw, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '[^a-z0-9]+', '_', 'g'));
begin
  return coalesce('{
    "": "other", "auto": "auto", "personal_auto": "auto", "ppa": "auto", "private_passenger_auto": "auto",
    "automobile": "auto", "car": "auto", "home": "home", "homeowners": "home", "homeowner": "home",
    "ho3": "home", "ho_3": "home", "condo": "condo", "ho6": "condo", "ho_6": "condo",
    "renters": "renters", "renter": "renters", "ho4": "renters", "ho_4": "renters", "umbrella": "umbrella",
    "personal_umbrella": "umbrella", "pup": "umbrella", "life": "life", "term_life": "life", "whole_life": "life",
    "motorcycle": "motorcycle", "boat": "boat", "watercraft": "boat", "flood": "flood", "bop": "bop",
    "business_owners": "bop", "businessowners": "bop", "business_owners_policy": "bop", "workers_comp": "workers_comp", "workers_compensation": "workers_comp",
    "work_comp": "workers_comp", "wc": "workers_comp", "commercial_auto": "commercial_auto", "business_auto": "commercial_auto", "general_liability": "general_liability",
    "gl": "general_liability", "cgl": "general_liability", "commercial_property": "commercial_property", "cyber": "cyber", "cyber_liability": "cyber",
    "professional_liability": "professional_liability", "e_o": "professional_liability", "errors_omissions": "professional_liability", "errors_and_omissions": "professional_liability"
  }'::jsonb ->> key, key);
end
$$;

-- 1b. Time-ordered ids (UUID version 7: 48 bits of milliseconds, then random bits) for the
--     tables an import fills. Random (v4) keys land anywhere in their indexes; an import of a
--     million policies spent most of its commit inserting into B-trees at random places. Ids stay
--     unguessable enough for what they are (every access is membership-checked anyway); they do
--     reveal when a row was created, which the rows' created_at says too.
create function private.uuid_v7() returns uuid
language sql volatile parallel safe
as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$;
revoke all on function private.uuid_v7() from public;
grant execute on function private.uuid_v7() to authenticated, service_role;
alter table public.customers alter column id set default private.uuid_v7();
alter table public.contacts alter column id set default private.uuid_v7();
alter table public.policies alter column id set default private.uuid_v7();

-- 2. PII at rest. Name, email and phone are sealed together by the app (AES-256-GCM, see
--    src/lib/pii/cipher.ts); the database holds ciphertext, the id of the key that sealed it, an
--    HMAC blind index for exact email search and an HMAC digest that tells imports whether the
--    PII changed. No deployment has held plaintext PII, so the plaintext columns simply go.
alter table public.customers
  drop column name,
  drop column email,
  drop column phone,
  add column pii_key_id text check (char_length(pii_key_id) <= 32),
  add column pii_ciphertext bytea check (octet_length(pii_ciphertext) <= 4096),
  add column email_blind_index bytea,
  add column pii_digest bytea,
  add constraint customers_pii_sealed_with_a_key check ((pii_ciphertext is null) = (pii_key_id is null));
create index customers_email_blind_index_idx on public.customers (agency_id, email_blind_index)
  where email_blind_index is not null;

alter table public.contacts
  drop column name,
  drop column email,
  drop column phone,
  add column pii_key_id text check (char_length(pii_key_id) <= 32),
  add column pii_ciphertext bytea check (octet_length(pii_ciphertext) <= 4096),
  add column email_blind_index bytea,
  add column pii_digest bytea,
  -- A contact's identity within its organization (HMAC of name and email), so re-importing the
  -- same file updates contacts instead of adding them again.
  add column contact_key bytea,
  add column updated_at timestamptz not null default now(),
  add constraint contacts_pii_sealed_with_a_key check ((pii_ciphertext is null) = (pii_key_id is null));
create unique index contacts_customer_contact_key_idx on public.contacts (customer_id, contact_key);

-- The new columns stay closed to API roles like the plaintext ones were (column grants list
-- what authenticated may select); the app reads PII through these functions and opens it.
drop function private.customer_pii(uuid[]);
drop function private.contact_pii(uuid[]);

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
grant select (updated_at) on public.contacts to authenticated;

-- 3. Imports. A job is created by an upload (or the CLI), validated while the file streams in
--    (valid rows staged, problems recorded), then committed in one transaction or cancelled.
create type public.import_mode as enum ('merge', 'replace');
create type public.import_status as enum ('validating', 'validated', 'committed', 'failed', 'cancelled');

create table public.import_jobs (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  -- null for the command line (npm run import).
  created_by uuid references auth.users (id) on delete set null,
  source text not null check (source in ('upload', 'cli')),
  file_name text not null check (char_length(file_name) between 1 and 255),
  file_bytes bigint not null default 0 check (file_bytes >= 0),
  mode public.import_mode not null,
  -- column mapping, date order, delimiter and encoding actually used.
  options jsonb not null default '{}',
  status public.import_status not null default 'validating',
  rows_total integer not null default 0,
  rows_valid integer not null default 0,
  rows_invalid integer not null default 0,
  warnings integer not null default 0,
  -- problem code → how many rows have it (the stored issue list is capped; these are not).
  issue_counts jsonb not null default '{}',
  -- customers/contacts/policies created, updated, unchanged; policies expired; rows skipped.
  result jsonb,
  error text check (char_length(error) <= 2000),
  created_at timestamptz not null default now(),
  validated_at timestamptz,
  finished_at timestamptz,
  unique (agency_id, id)
);
create index import_jobs_agency_created_idx on public.import_jobs (agency_id, created_at desc);

create table public.import_job_issues (
  id bigint generated always as identity primary key,
  agency_id uuid not null,
  job_id uuid not null,
  row_number integer,
  column_name text check (char_length(column_name) <= 100),
  severity text not null check (severity in ('error', 'warning')),
  code text not null check (char_length(code) <= 60),
  message text not null check (char_length(message) <= 500),
  -- the offending value, masked when the column holds PII; never the raw PII.
  value text check (char_length(value) <= 120),
  foreign key (agency_id, job_id) references public.import_jobs (agency_id, id) on delete cascade
);
create index import_job_issues_job_idx on public.import_job_issues (job_id, row_number);

alter table public.import_jobs enable row level security;
alter table public.import_job_issues enable row level security;

-- Import history and reports are for the people who may import (owners, admins). Jobs are
-- written by the import pipeline, which runs as the service role after the API checked the
-- caller's permission; users have no write policies here.
create policy import_jobs_select on public.import_jobs for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
create policy import_job_issues_select on public.import_job_issues for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));
grant select on public.import_jobs, public.import_job_issues to authenticated;
grant select, insert, update, delete on public.import_jobs, public.import_job_issues to service_role;

-- Rows of a validated job waiting for commit. In `private` (not exposed by the REST API) and
-- only for the service role. Unlogged: staging is cheap to redo and a crash empties it, which the
-- commit detects (it checks the count against the job) instead of importing half a file.
-- Invalid rows are kept with their ids only, so replace mode never expires a policy that the
-- file does mention, just on a row with a problem.
-- No foreign key to import_jobs: a per-row check would cost more than the COPY itself at a
-- million rows. The pipeline deletes a job's staged rows when it commits, cancels or fails, and
-- creating a job sweeps rows left by jobs that are gone or stale.
create unlogged table private.import_staged_rows (
  job_id uuid not null,
  row_number integer not null,
  valid boolean not null,
  customer_external_id text,
  customer_kind public.customer_kind,
  pii_key_id text,
  pii_ciphertext bytea,
  email_blind_index bytea,
  pii_digest bytea,
  contact_key bytea,
  contact_pii_key_id text,
  contact_pii_ciphertext bytea,
  contact_email_blind_index bytea,
  contact_pii_digest bytea,
  contact_role text,
  contact_is_primary boolean,
  policy_external_id text,
  line_of_business text,
  annual_premium numeric(12, 2),
  effective_date date,
  expiration_date date,
  status public.policy_status,
  primary key (job_id, row_number)
);
create index import_staged_rows_policy_idx on private.import_staged_rows (job_id, policy_external_id);
alter table private.import_staged_rows enable row level security;
grant select, insert, update, delete on private.import_staged_rows to service_role;
