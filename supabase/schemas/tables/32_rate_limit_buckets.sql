-- Fixed-window rate-limit counters shared by every replica of the app (src/lib/api/rate-limits.ts).

-- Only the server touches them (as the table owner): no API role has any grant, and RLS is on
-- with no policy.
create table private.rate_limit_buckets (
  key text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);
alter table private.rate_limit_buckets enable row level security;
