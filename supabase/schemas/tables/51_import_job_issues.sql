-- The problems an import found, row by row, for its report; values masked, never raw PII.

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

alter table public.import_job_issues enable row level security;

-- For owners and admins, like the jobs; written by the import pipeline (service role) only.
create policy import_job_issues_select on public.import_job_issues for select to authenticated
  using (agency_id in (select private.my_agency_ids_with_role('{owner,admin}')));

grant select on public.import_job_issues to authenticated;
grant select, insert, update, delete on public.import_job_issues to service_role;
