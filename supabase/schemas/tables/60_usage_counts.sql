-- How much each agency uses the product, for the weekly usage report (npm run report:usage;
-- src/lib/usage): one counter per agency, UTC day and kind, upserted with count = count + 1.
-- Only what no other table records: dashboard views. Refreshes, exports and imports are counted
-- from their own records (application_logs, audit_events, import_jobs). No user id, no PII:
-- distinct viewers are not counted (that would mean keeping who looked).

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
