import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST as previewRoute } from '@/app/api/analytics/segmentation/settings/preview/route';
import { GET as getSettings, PUT as saveSettings } from '@/app/api/analytics/segmentation/settings/route';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { DEFAULT_RULES } from '@/lib/segmentation/rules';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The rules editor: what-if preview, versioned saves with history, and the tiers recomputed on save. */
describe(`rules editor on ${testBackend()}`, () => {
  let test: TestDatabase;
  let admin: string;
  const stricter = {
    ...DEFAULT_RULES,
    elite: [
      { minPremium: 20_000, minLines: 1 },
      { minPremium: 8_000, minLines: 3 },
    ],
  };

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 200 });
    // Tiers as of today, the date a save recomputes them on.
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency' }, test.db);
    admin = await signIn(USERS.admin);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it('previews a change, and saving it gives exactly the previewed tiers', async () => {
    const before = await (await call(getSettings as Handler, { path: '/api/analytics/segmentation/settings', cookie: admin })).json();
    expect(before).toMatchObject({ version: 1, rules: DEFAULT_RULES, history: [] });

    const preview = await call(previewRoute as Handler, {
      method: 'POST',
      path: '/api/analytics/segmentation/settings/preview',
      cookie: admin,
      body: { rules: stricter },
    });
    expect(preview.status).toBe(200);
    const whatIf = (await preview.json()) as { segments: { tier: string; customers: number; annualPremium: string }[] };
    const current = await (
      await call(previewRoute as Handler, {
        method: 'POST',
        path: '/api/analytics/segmentation/settings/preview',
        cookie: admin,
        body: { rules: DEFAULT_RULES },
      })
    ).json();
    // Stricter Elite rules move customers down, never up.
    expect(whatIf.segments[0]!.customers).toBeLessThan(current.segments[0].customers);

    const saved = await call(saveSettings as Handler, {
      method: 'PUT',
      path: '/api/analytics/segmentation/settings',
      cookie: admin,
      body: { rules: stricter, expectedVersion: 1 },
    });
    expect(saved.status).toBe(200);
    const { settings, summary } = (await saved.json()) as {
      settings: { version: number; history: { version: number; changedBy: string }[] };
      summary: { methodology: { version: number }; segments: { tier: string; count: number; annualPremium: number }[] };
    };
    expect(summary.segments.map((s) => [s.tier, s.count, s.annualPremium.toFixed(2)])).toEqual(
      whatIf.segments.map((s) => [s.tier, s.customers, Number(s.annualPremium).toFixed(2)]),
    );
    expect(summary.methodology.version).toBe(2);
    expect(settings.version).toBe(2);
    expect(settings.history[0]).toMatchObject({ version: 2, changedBy: USERS.admin });
    const [audit] = await test.db.query<{ details: object }>(
      `select details from audit_events where action = 'rules-change' order by id desc limit 1`,
    );
    expect(audit!.details).toEqual({ from: 1, to: 2 });
  });

  it('refuses a save based on an older version, and changes nothing', async () => {
    const response = await call(saveSettings as Handler, {
      method: 'PUT',
      path: '/api/analytics/segmentation/settings',
      cookie: admin,
      body: { rules: DEFAULT_RULES, expectedVersion: 1 },
    });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toBe(
      'The rules were changed by someone else (now version 2). Reload them and apply your change again.',
    );
    const [row] = await test.db.query<{ version: number }>('select version from segmentation_settings where agency_id = $1', [
      DEMO_AGENCY_ID,
    ]);
    expect(row!.version).toBe(2);
  });

  it('shows the history even when an old version no longer reads as rules, leaving that version out', async () => {
    await test.db.query(`insert into segmentation_settings_history (agency_id, version, rules) values ($1, 900, '{"elite": "everyone"}')`, [
      DEMO_AGENCY_ID,
    ]);
    try {
      const response = await call(getSettings as Handler, { path: '/api/analytics/segmentation/settings', cookie: admin });
      expect(response.status).toBe(200);
      const { history } = (await response.json()) as { history: { version: number }[] };
      expect(history.length).toBeGreaterThan(0);
      expect(history.map((entry) => entry.version)).not.toContain(900);
    } finally {
      await test.db.query('delete from segmentation_settings_history where agency_id = $1 and version = 900', [DEMO_AGENCY_ID]);
    }
  });

  it('explains invalid rules field by field', async () => {
    const invalid = { ...DEFAULT_RULES, elite: [{ minPremium: -5, minLines: 1 }], premium: [] };
    const response = await call(previewRoute as Handler, {
      method: 'POST',
      path: '/api/analytics/segmentation/settings/preview',
      cookie: admin,
      body: { rules: invalid },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { field: 'body.rules.elite.0.minPremium', message: 'Cannot be negative.' },
      { field: 'body.rules.premium', message: 'Each tier needs at least one rule.' },
    ]);
  });
});
