-- Rows of a validated import waiting for its commit: cheap to redo, so unlogged and out of the REST API.

-- In `private` and only for the service role. A crash empties an unlogged table, which the commit
-- detects (it checks the count against the job) instead of importing half a file. Invalid rows
-- are kept with their ids only, so replace mode never expires a policy that the file does
-- mention, just on a row with a problem.
-- No foreign key to import_jobs: a per-row check would cost more than the COPY itself at a
-- million rows. The pipeline deletes a job's staged rows when it commits, cancels or fails, and
-- creating a job sweeps rows left by jobs that are gone or stale.
create unlogged table private.import_staged_rows (
  job_id uuid not null,
  row_number integer not null,
  valid boolean not null,
  customer_external_id text,
  customer_kind public.customer_kind,
  pii_key_id text,
  pii_ciphertext bytea,
  email_blind_index bytea,
  pii_digest bytea,
  contact_key bytea,
  contact_pii_key_id text,
  contact_pii_ciphertext bytea,
  contact_email_blind_index bytea,
  contact_pii_digest bytea,
  contact_role text,
  contact_is_primary boolean,
  policy_external_id text,
  line_of_business text,
  annual_premium numeric(12, 2),
  effective_date date,
  expiration_date date,
  status public.policy_status,
  cancellation_date date,
  primary key (job_id, row_number)
);
create index import_staged_rows_policy_idx on private.import_staged_rows (job_id, policy_external_id);

alter table private.import_staged_rows enable row level security;
grant select, insert, update, delete on private.import_staged_rows to service_role;
