-- What the import commit needs beyond plain SQL: planner statistics right after a bulk load
-- (ANALYZE needs the table's owner, hence definer), and one commit per agency at a time.

-- Statistics: after a bulk load they describe the table as it was (autovacuum analyzes a minute
-- or more later, PGlite never), and a 200,000-row job was once joined row by row against itself.
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

-- The import lock: a transaction-level advisory lock per agency (pg_try_advisory_xact_lock in
-- the commit). Its key in one place, and who holds it: "since when" is the holder's transaction
-- start, which only a privileged role may read in pg_stat_activity, hence security definer.
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
