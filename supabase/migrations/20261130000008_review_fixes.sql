-- Review fixes of issue 11. Current definitions: supabase/schemas/functions/policy_in_force.sql
-- and supabase/schemas/functions/snapshots.sql.

-- "In force on a day" (SPEC §11) stated once in SQL: customer_states_on and the db:check premium
-- check call it. Inlined by the planner (plain SQL, immutable, not strict): plans are unchanged.
create function public.policy_in_force_on(effective_date date, ends_on date, on_day date) returns boolean
language sql immutable parallel safe
as $$
  select effective_date <= on_day and (ends_on is null or ends_on > on_day)
$$;

-- customer_states_on: only its in-force expression changes, to a call of the function above. The
-- swap is made in the function's current text (whatever migration wrote it last), so this
-- migration keeps any other change made to the function meanwhile; without the expression it fails.
do $$
declare
  states_on constant regprocedure :=
    'private.customer_states_on(uuid, date, jsonb, public.customer_tier[], timestamptz, date)'::regprocedure;
  written_out constant text := '(q.effective_date <= target_date and (q.ends_on is null or q.ends_on > target_date)) as in_force';
  definition text := pg_get_functiondef(states_on);
begin
  if position(written_out in definition) = 0 then
    raise exception 'private.customer_states_on no longer writes out the in-force rule as expected; swap it by hand.';
  end if;
  execute replace(definition, written_out, 'public.policy_in_force_on(q.effective_date, q.ends_on, target_date) as in_force');
end
$$;
