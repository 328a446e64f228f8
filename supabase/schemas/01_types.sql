-- Enumerations shared by several tables; the tier order here is the one TypeScript ranks by (TIERS).

create type public.agency_role as enum ('owner', 'admin', 'agent', 'viewer');

create type public.customer_kind as enum ('individual', 'organization');
create type public.policy_status as enum ('active', 'cancelled', 'expired');
create type public.customer_tier as enum ('elite', 'premium', 'standard', 'entry');

create type public.import_mode as enum ('merge', 'replace');
create type public.import_status as enum ('validating', 'validated', 'committed', 'failed', 'cancelled');
