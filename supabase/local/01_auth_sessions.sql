-- Server-side sessions, as Supabase Auth keeps them in its own auth.sessions (same name, the
-- columns the app reads). Embedded sign-in writes a row per session; a token is honoured only
-- while its row exists (src/lib/auth/session-store.ts), so signing out revokes it at once.
-- Deleting a user deletes their sessions. Closed to the API roles, as on Supabase.
create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Past this moment the session is over, however often its token was renewed.
  not_after timestamptz
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
alter table auth.sessions enable row level security;
