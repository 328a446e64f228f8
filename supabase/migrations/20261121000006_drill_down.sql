-- Drill-down (issue 5): exact email search through the blind index. The index column stays closed
-- to API roles like the PII itself; this function answers which of the caller's customers have
-- an email whose HMAC is the given one, for agencies the caller belongs to only.
create function private.customer_ids_by_email_index(target_agency uuid, email_index bytea)
returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select c.id from public.customers c
  where c.agency_id = target_agency and c.email_blind_index = email_index
    and target_agency in (select private.my_agency_ids())
$$;
revoke all on function private.customer_ids_by_email_index(uuid, bytea) from public;
grant execute on function private.customer_ids_by_email_index(uuid, bytea) to authenticated;

-- The drill-down's default order (a tier by premium), read from the index alone.
create index customer_insights_agency_tier_premium_idx on public.customer_insights (agency_id, tier, annual_premium desc, customer_id desc);
