-- The day a policy stops being in force (SPEC §11), stored on policies.ends_on; the same rule as
-- policyEndsOn in src/lib/segmentation/in-force.ts (the parity test holds them together).
-- A policy is in force on a day D when effective_date <= D < ends_on (no end: open).
--   active:    its cancellation date or its expiration date, whichever comes first.
--   cancelled: its cancellation date (or expiration, if earlier); without a cancellation date it
--              counts as never in force: ends the day it starts.
--   expired:   the first of the day an import marked it expired, its expiration and its
--              cancellation date; without the day it was marked (every import records it),
--              never in force.
create function public.policy_ends_on(status public.policy_status, effective_date date, expiration_date date,
  cancellation_date date, expired_on date) returns date
language sql immutable parallel safe
as $$
  select case status
    when 'active' then least(cancellation_date, expiration_date)
    when 'cancelled' then case when cancellation_date is null then effective_date else least(cancellation_date, expiration_date) end
    else case when expired_on is null then effective_date else least(expired_on, expiration_date, cancellation_date) end
  end
$$;

-- Whether a policy is in force on a day (SPEC §11): started on or before it, not ended by it. The
-- one place SQL states the rule (private.customer_states_on, the db:check premium check). A plain
-- SQL function, immutable and not strict, so the planner inlines it into the calling query: the
-- plan is the one the expression written out would get (tests/integration/policy-in-force.test.ts).
create function public.policy_in_force_on(effective_date date, ends_on date, on_day date) returns boolean
language sql immutable parallel safe
as $$
  select effective_date <= on_day and (ends_on is null or ends_on > on_day)
$$;
