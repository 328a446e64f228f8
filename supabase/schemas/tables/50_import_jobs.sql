-- An import: created by an upload or the CLI, validated while the file streams in, then committed
-- in one transaction or cancelled; its counts and result are the report users see.

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

alter table public.import_jobs enable row level security;

-- Import history is for the people who may import (owners, admins). Jobs are written by the
-- import pipeline, which runs as the service role after the API checked the caller's permission.
create policy import_jobs_select on public.import_jobs for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select on public.import_jobs to authenticated;
grant select, insert, update, delete on public.import_jobs to service_role;
