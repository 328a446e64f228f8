-- "Recompute history": the agency's snapshots and figures forgotten, then computed again from the
-- policy dates on file (src/lib/segmentation/backfill.ts). Current definition:
-- supabase/schemas/functions/snapshots.sql.
create function private.clear_agency_history(target_agency uuid)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtext('customer_insights:' || target_agency::text));
  delete from public.insight_snapshot_retention where agency_id = target_agency;
  delete from public.insight_snapshot_totals where agency_id = target_agency;
  delete from public.insight_refresh_days where agency_id = target_agency;
  delete from public.customer_tier_history where agency_id = target_agency;
  delete from public.customer_insights where agency_id = target_agency;
end
$$;

revoke all on function private.clear_agency_history(uuid) from public;
grant execute on function private.clear_agency_history(uuid) to service_role;
