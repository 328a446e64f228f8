-- The refresh runs by itself (issue 11): the record of the daily refresh's runs, whose primary
-- key is the claim that makes each agency's refresh happen once a day across every replica.
-- Its current definition: supabase/schemas/tables/33_scheduled_refresh_runs.sql.

create table public.scheduled_refresh_runs (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  -- The UTC day the run refreshes the figures for (the refresh's as-of date).
  run_day date not null,
  status text not null check (status in ('running', 'ok', 'error')),
  attempts integer not null default 1 check (attempts >= 1),
  -- Which process holds the claim (host name and pid), for the engineer on call.
  claimed_by text not null check (char_length(claimed_by) <= 200),
  claimed_at timestamptz not null default now(),
  finished_at timestamptz,
  -- The failure, redacted before it is stored (database errors can quote values).
  error text check (char_length(error) <= 2000),
  primary key (agency_id, run_day)
);

alter table public.scheduled_refresh_runs enable row level security;

-- Only the service writes and reads them (no user policy): the dashboard learns from them through
-- the freshness check, which shows the error text only to owners and admins.
grant select, insert, update, delete on public.scheduled_refresh_runs to service_role;
