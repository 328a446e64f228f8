-- What a Supabase project provides and plain PostgreSQL lacks. Applied by `npm run db:migrate`
-- only where Supabase is absent (PGlite, a plain PostgreSQL server); never to a Supabase project.
-- Every statement is idempotent.

-- The API roles. service_role bypasses RLS, as on Supabase; the others never do. Roles belong
-- to the whole server, so a database migrated in parallel may create them first: tolerated.
do $$
declare
  spec text[];
begin
  foreach spec slice 1 in array array[
    array['anon', 'nologin noinherit'],
    array['authenticated', 'nologin noinherit'],
    array['service_role', 'nologin noinherit bypassrls']
  ] loop
    if not exists (select 1 from pg_roles where rolname = spec[1]) then
      begin
        execute format('create role %I %s', spec[1], spec[2]);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end
$$;

-- Supabase keeps extensions in their own schema.
create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;

-- The slice of Supabase Auth the app relies on.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb not null default '{"provider":"email","providers":["email"]}',
  raw_user_meta_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Only the server (as the table owner) reads password hashes; API roles never see this table.
alter table auth.users enable row level security;

-- The verified claims of the request, set per transaction by the server (see src/lib/db/index.ts).
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select nullif(auth.jwt() ->> 'sub', '')::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select nullif(auth.jwt() ->> 'role', '')
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- The server's own login switches into these roles per transaction (set local role ...).
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;
end
$$;
