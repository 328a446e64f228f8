import type { Database } from '@/lib/db';
import { storedPii } from '@/lib/pii/cipher';
import { DEFAULT_RULES } from '@/lib/segmentation';
import { agencyId, demoUserId } from '@/lib/seed/demo-seed';

export const DEMO_AGENCY_ID = agencyId('demo-agency');
export const SECOND_AGENCY_ID = agencyId('second-agency');

export const USERS = {
  owner: 'owner@demo-agency.test',
  admin: 'admin@demo-agency.test',
  agent: 'agent@demo-agency.test',
  viewer: 'viewer@demo-agency.test',
  outsider: 'owner@second-agency.test',
} as const;

export const userIdOf = (email: string) => demoUserId(email);

/** A nonexistent id, shaped like a real one. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Rows in the tables the seed leaves empty, so every table has Demo Agency data to protect. (Insights come from the seed's refresh.) */
export async function addPlatformRows(db: Database) {
  const pii = storedPii({ name: 'Fixture Contact', email: 'contact@example.com', phone: null }, 'contact', DEMO_AGENCY_ID);
  await db.query(
    `insert into public.contacts (agency_id, customer_id, role, is_primary, pii_key_id, pii_ciphertext, email_blind_index, pii_digest)
     select agency_id, id, 'CFO', false, $2, $3, $4, $5 from public.customers
     where agency_id = $1 order by external_id limit 1`,
    [DEMO_AGENCY_ID, pii.keyId, pii.ciphertext, pii.emailIndex, pii.digest],
  );
  await db.query(
    `insert into public.application_logs (agency_id, job, status, details) values ($1, 'insights-refresh', 'ok', '{"rows": 40}')`,
    [DEMO_AGENCY_ID],
  );
  await db.query(`insert into public.audit_events (agency_id, actor_id, action, details) values ($1, $2, 'export', '{}')`, [
    DEMO_AGENCY_ID,
    userIdOf(USERS.agent),
  ]);
}

/** Custom rules and their history for Demo Agency (the seed leaves the defaults in force). */
export async function addSegmentationSettings(db: Database) {
  await db.query(`insert into public.segmentation_settings (agency_id, rules, version, updated_by) values ($1, $2, 2, $3)`, [
    DEMO_AGENCY_ID,
    JSON.stringify(DEFAULT_RULES),
    userIdOf(USERS.admin),
  ]);
  await db.query(`insert into public.segmentation_settings_history (agency_id, version, rules, changed_by) values ($1, 2, $2, $3)`, [
    DEMO_AGENCY_ID,
    JSON.stringify(DEFAULT_RULES),
    userIdOf(USERS.admin),
  ]);
}

/** Clears every rate-limit window, so each test starts with full budgets. */
export async function resetRateLimits(db: Database) {
  await db.query('delete from private.rate_limit_buckets');
}

/**
 * Demo Agency as an agency right after its first import: its latest refresh day only, none of
 * the seed's backfilled months, their retention or its log (tests of what an agency without
 * history sees).
 */
export async function dropDemoHistory(db: Database): Promise<void> {
  await db.query(
    `delete from public.insight_refresh_days where agency_id = $1
       and as_of <> (select max(as_of) from public.insight_refresh_days where agency_id = $1)`,
    [DEMO_AGENCY_ID],
  );
  await db.query('delete from public.insight_snapshot_retention where agency_id = $1', [DEMO_AGENCY_ID]);
  await db.query(`delete from public.application_logs where agency_id = $1 and job = 'insights-backfill'`, [DEMO_AGENCY_ID]);
  await db.query(
    `delete from public.customer_tier_history where agency_id = $1
       and valid_from < (select max(as_of) from public.insight_refresh_days where agency_id = $1)`,
    [DEMO_AGENCY_ID],
  );
}
