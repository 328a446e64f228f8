-- Usage counters (issue 12): dashboard views per agency and day, for npm run report:usage.
-- Its current definition: supabase/schemas/tables/60_usage_counts.sql.

create table public.usage_counts (
  agency_id uuid not null references public.agencies (id) on delete cascade,
  day date not null,
  kind text not null check (kind in ('dashboard-view')),
  count integer not null default 1 check (count >= 0),
  primary key (agency_id, day, kind)
);

alter table public.usage_counts enable row level security;

-- Only the server writes and reads them (no user policy): a member could otherwise inflate their
-- agency's figures, and the report runs as the service role.
grant select, insert, update, delete on public.usage_counts to service_role;
