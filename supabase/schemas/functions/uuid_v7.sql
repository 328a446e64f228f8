-- Time-ordered ids for the tables an import fills: random (v4) keys land anywhere in their
-- indexes, and a million-policy commit spent most of its time inserting into B-trees at random.
create function private.uuid_v7() returns uuid
language sql volatile parallel safe
as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$;
revoke all on function private.uuid_v7() from public;
grant execute on function private.uuid_v7() to authenticated, service_role;
