-- Import commits (issue 9): planner statistics at the right moments, and one commit per agency
-- that a second import is told about instead of waiting for.

-- 1. Statistics. The planner sizes each join from the statistics of the tables it reads; after a
--    bulk load those describe the table as it was (autovacuum analyzes a minute or more later,
--    PGlite never), and a 200,000-row job that the statistics say does not exist was joined
--    row by row against itself: 10 minutes at 100% CPU. The import analyzes what it has just
--    staged and what it has just written. ANALYZE needs the table's owner: these functions run
--    as the migration owner (security definer) for the service role.
create function private.analyze_import_staging() returns void
language plpgsql security definer set search_path = ''
as $$
begin
  analyze private.import_staged_rows;
end
$$;

create function private.analyze_book() returns void
language plpgsql security definer set search_path = ''
as $$
begin
  analyze public.customers, public.contacts, public.policies;
end
$$;

revoke all on function private.analyze_import_staging() from public;
revoke all on function private.analyze_book() from public;
grant execute on function private.analyze_import_staging() to service_role;
grant execute on function private.analyze_book() to service_role;

-- 2. The import lock: a transaction-level advisory lock per agency, taken by the commit with
--    pg_try_advisory_xact_lock. Its key in one place, and who holds it: the holder is an
--    uncommitted transaction in another backend (possibly one whose client is gone), so "since
--    when" is that backend's transaction start, which only a privileged role may read in
--    pg_stat_activity — hence security definer, returning nothing but the pid and the time.
create function private.import_lock_key(target_agency uuid) returns bigint
language sql immutable parallel safe set search_path = ''
as $$
  select pg_catalog.hashtextextended('import:' || target_agency::text, 0)
$$;

create function private.import_lock_holder(target_agency uuid)
returns table (pid integer, since timestamptz)
language sql stable security definer set search_path = ''
as $$
  -- A bigint advisory key shows in pg_locks as its high and low 32 bits, objsubid 1.
  with lock_key as (select private.import_lock_key(target_agency) as key)
  select l.pid, a.xact_start
  from lock_key k
  join pg_catalog.pg_locks l
    on l.locktype = 'advisory' and l.granted and l.objsubid = 1
   and l.classid = ((k.key >> 32) & 4294967295)::oid and l.objid = (k.key & 4294967295)::oid
   and l.database = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
  left join pg_catalog.pg_stat_activity a on a.pid = l.pid
$$;

revoke all on function private.import_lock_key(uuid) from public;
revoke all on function private.import_lock_holder(uuid) from public;
grant execute on function private.import_lock_key(uuid) to service_role;
grant execute on function private.import_lock_holder(uuid) to service_role;
