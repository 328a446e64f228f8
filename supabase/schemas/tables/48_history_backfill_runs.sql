-- The history backfill's runs (SPEC §11; src/lib/segmentation/backfill-runs.ts): the dashboard's
-- "Compute history" starts one in the server process and reads its progress here. One run at a
-- time per agency (the partial unique index is the claim); a run still `running` whose
-- heartbeat stopped (its process died) is marked `interrupted` by the next start.

create table public.history_backfill_runs (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,
  started_by uuid references auth.users (id) on delete set null,
  status text not null default 'running' check (status in ('running', 'done', 'failed', 'interrupted')),
  months_total integer not null check (months_total between 1 and 36),
  months_done integer not null default 0,
  -- Month-ends computed now (the others were snapshot days already) and month-ends given retention.
  months_computed integer,
  retention_days integer,
  started_at timestamptz not null default now(),
  -- The heartbeat: set by each month done and every 30 s while the run lives.
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  -- What the user is told (never a raw database message: those are redacted into the logs).
  error text check (char_length(error) <= 500),
  check (months_done between 0 and months_total)
);
create unique index history_backfill_runs_one_running_idx on public.history_backfill_runs (agency_id) where status = 'running';
create index history_backfill_runs_agency_started_idx on public.history_backfill_runs (agency_id, started_at desc);

alter table public.history_backfill_runs enable row level security;

-- Members read their agency's progress; only the server (service role) starts and records runs,
-- after checking the caller's permission.
create policy history_backfill_runs_select on public.history_backfill_runs for select to authenticated
  using (agency_id in (select private.my_agency_ids()));

grant select on public.history_backfill_runs to authenticated;
grant select, insert, update, delete on public.history_backfill_runs to service_role;
