-- The app's schemas and who may reach them: `private` holds what the REST API must not expose.
-- Current definitions: supabase/schemas is applied in path order (this file, 01_types.sql,
-- functions/, tables/) after supabase/local; docs/ARCHITECTURE.md says how to change one.

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

grant usage on schema public to anon, authenticated, service_role;
