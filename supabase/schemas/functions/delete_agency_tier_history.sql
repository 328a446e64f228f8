-- Tier history has no foreign keys (one check per history row cost more than writing it), so a
-- deleted agency's history goes with it through this trigger (tables/44_customer_tier_history.sql).
create function private.delete_agency_tier_history() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  delete from public.customer_tier_history where agency_id = old.id;
  return old;
end
$$;
