import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/api/analytics/segmentation/export/route';
import { POST as refreshRoute } from '@/app/api/analytics/segmentation/refresh/route';
import { PUT as saveSettings } from '@/app/api/analytics/segmentation/settings/route';
import { parseCookieHeader } from '@/lib/auth/cookies';
import { readSession } from '@/lib/auth/session';
import { asService, asUser } from '@/lib/db';
import { pageCaller } from '@/lib/http/run-page-use-case';
import { DEFAULT_RULES } from '@/lib/segmentation';
import { runDailyRefresh } from '@/lib/segmentation/daily-refresh';
import { addDays, todayIso } from '@/lib/segmentation/dates';
import { getDashboard } from '@/lib/segmentation/use-cases/dashboard';
import { listMyMemberships } from '@/lib/tenancy/agencies';
import { reportWeeks, usageReport, weekStart, type UsageWeek } from '@/lib/usage/report';
import { usageTable } from '@/lib/usage/report-table';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, signIn } from '../helpers/http';
import { csv, importFile } from '../helpers/import';
import { runNpmScript } from '../helpers/processes';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The dashboard page as a signed-in member opens it: their session and membership, the page's caller and use case (runPageUseCase without next/headers). */
async function viewDashboard(cookie: string, agencyId: string) {
  const session = (await readSession({ getAll: () => parseCookieHeader(cookie), setAll: () => {}, secure: false }))!;
  const memberships = await asUser(session.claims, listMyMemberships);
  const caller = pageCaller(
    session,
    memberships,
    memberships.find((membership) => membership.agencyId === agencyId)!,
  );
  return getDashboard.run(caller, { query: getDashboard.query!.parse({}), body: undefined, params: undefined });
}

const PEOPLE = [
  ['customer_id', 'customer_name', 'email', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'],
  ['U-1', 'Zelda Quarterfield', 'zelda.q@example.com', 'UP-1', 'auto', '1200.00', '2026-01-01'],
  ['U-2', 'Yannick Borrowdale', 'yannick.b@example.com', 'UP-2', 'home', '900.00', '2026-01-01'],
  ['U-3', 'Xenia Marchbank', 'xenia.m@example.com', 'UP-3', 'auto', '300.00', '2026-01-01'],
];

describe(`the weekly usage report on ${testBackend()}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};
  let thisWeek: string[];
  let exported: { rows: number; text: string };
  const report = (mondays: readonly string[], slug?: string) => asService((tx) => usageReport(tx, mondays, slug), test.db);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 30 });
    for (const [role, email] of Object.entries(USERS)) cookies[role] = await signIn(email);
    // Activity of this week, through the paths people use.
    thisWeek = reportWeeks(todayIso(), { current: true });
    for (const role of ['owner', 'owner', 'owner', 'agent', 'agent']) await viewDashboard(cookies[role]!, DEMO_AGENCY_ID);
    await viewDashboard(cookies.outsider!, SECOND_AGENCY_ID);
    const refreshed = await call(refreshRoute as Handler, {
      method: 'POST',
      path: '/api/analytics/segmentation/refresh',
      cookie: cookies.owner,
    });
    expect(refreshed.status).toBe(200);
    const saved = await call(saveSettings as Handler, {
      method: 'PUT',
      path: '/api/analytics/segmentation/settings',
      cookie: cookies.admin,
      body: { rules: { ...DEFAULT_RULES, elite: [{ ...DEFAULT_RULES.elite[0]!, minPremium: 9_000 }] }, expectedVersion: 1 },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const download = await call(exportRoute as Handler, { path: '/api/analytics/segmentation/export?tier=entry', cookie: cookies.agent });
    expect(download.status).toBe(200);
    const text = await download.text();
    exported = { text, rows: text.trimEnd().split('\r\n').length - 1 };
    await importFile(csv(PEOPLE), { db: test.db });
    await importFile(csv(PEOPLE.slice(0, 3)), { db: test.db, agencyId: SECOND_AGENCY_ID });
    await runDailyRefresh({ db: test.db });
  }, 120_000);
  afterAll(() => test.drop());

  it('counts each agency’s dashboard views, refreshes by source, exports and imports of the week, and nobody else’s', async () => {
    expect(exported.rows).toBeGreaterThan(0);
    const [monday] = thisWeek;
    const week = { from: monday!, to: addDays(monday!, 6) };
    expect(await report(thisWeek)).toEqual<UsageWeek[]>([
      {
        week,
        agency: { slug: 'demo-agency', name: 'Demo Agency' },
        dashboardViews: 5,
        refreshes: { manual: 1, rulesChange: 1, import: 1, scheduled: 1, total: 4 },
        exports: { count: 1, rows: exported.rows },
        imports: { count: 1, rows: 3 },
      },
      {
        week,
        agency: { slug: 'second-agency', name: 'Second Agency' },
        dashboardViews: 1,
        refreshes: { manual: 0, rulesChange: 0, import: 1, scheduled: 1, total: 2 },
        exports: { count: 0, rows: 0 },
        imports: { count: 1, rows: 2 },
      },
    ]);
    // One agency: its row alone, with its own figures.
    expect((await report(thisWeek, 'second-agency')).map((row) => [row.agency.slug, row.dashboardViews, row.imports])).toEqual([
      ['second-agency', 1, { count: 1, rows: 2 }],
    ]);
  });

  it('puts activity in its own ISO week: the week before is all zeros, every agency still listed', async () => {
    const lastWeek = reportWeeks(todayIso());
    expect(lastWeek).toEqual([addDays(weekStart(todayIso()), -7)]);
    const rows = await report(reportWeeks(todayIso(), { weeks: 2, current: true }));
    expect(rows.map((row) => [row.week.from, row.agency.slug, row.dashboardViews, row.refreshes.total, row.imports.count])).toEqual([
      [lastWeek[0], 'demo-agency', 0, 0, 0],
      [lastWeek[0], 'second-agency', 0, 0, 0],
      [thisWeek[0], 'demo-agency', 5, 4, 1],
      [thisWeek[0], 'second-agency', 1, 2, 1],
    ]);
  });

  it('names agencies only: no email, no person’s or customer’s name in the table or the JSON', async () => {
    const rows = await report(thisWeek);
    const table = usageTable(rows);
    expect(table).toMatch(/demo-agency\s+5\s+4\s+1\/1\/1\/1\s+1\s+\d+\s+1\s+3/);
    expect(table).toContain('Week of ' + thisWeek[0] + ': 2 of 2 agencies opened the dashboard.');
    expect(table).toContain('Outreach: not recorded yet');
    const exportedNames = exported.text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]!)
      .filter((name) => name.length > 3);
    expect(exportedNames.length).toBeGreaterThan(0);
    for (const output of [table, JSON.stringify(rows)]) {
      expect(output).not.toContain('@');
      for (const secret of [...exportedNames, 'Zelda', 'Quarterfield', 'Yannick', 'U-1', 'UP-1']) expect(output).not.toContain(secret);
    }
  });

  it('refuses an agency slug nobody has', async () => {
    await expect(report(thisWeek, 'no-such-agency')).rejects.toThrow('No agency has the slug "no-such-agency".');
  });

  it('shows the dashboard even when the view cannot be counted', async () => {
    await test.db.query('alter table public.usage_counts rename to usage_counts_gone');
    try {
      const dashboard = await viewDashboard(cookies.viewer!, DEMO_AGENCY_ID);
      expect(dashboard.summary.totals.customers).toBeGreaterThan(0);
    } finally {
      await test.db.query('alter table public.usage_counts_gone rename to usage_counts');
    }
    expect((await report(thisWeek, 'demo-agency'))[0]!.dashboardViews).toBe(5);
  });

  it('npm run report:usage exits 2 naming a bad argument, before touching any database', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' };
    const cases: [string[], string][] = [
      [['--format', 'csv'], '--format must be table or json, not "csv".'],
      [['--weeks', '0'], '--weeks: The number of weeks must be a whole number from 1 to 52.'],
      [['--month'], "Unknown option '--month'"],
    ];
    for (const [args, message] of cases) {
      const result = await runNpmScript('report:usage', ['--week', ...args], env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Usage: npm run report:usage -- --week [--agency <slug>]');
    }
  }, 120_000);

  // The command needs a database another process can reach: the server backend.
  if (testBackend() === 'postgres') {
    it('npm run report:usage prints the table for the weeks it names, and exits 2 for an unknown agency', async () => {
      const env = { DATABASE_URL: test.url!, LOG_LEVEL: 'silent' };
      const current = await runNpmScript('report:usage', ['--week', '--current'], env);
      expect(current.code, current.stderr).toBe(0);
      expect(current.stdout).toContain(
        `Usage from ${thisWeek[0]} to ${addDays(thisWeek[0]!, 6)} (this week so far, to ${todayIso()}), UTC:`,
      );
      expect(current.stdout).toMatch(new RegExp(`demo-agency\\s+5\\s+4\\s+1/1/1/1\\s+1\\s+${exported.rows}\\s+1\\s+3\\n`));
      expect(current.stdout).toMatch(/second-agency\s+1\s+2\s+0\/0\/1\/1\s+0\s+0\s+1\s+2\n/);
      expect(current.stdout).not.toContain('@');

      const lastWeek = addDays(thisWeek[0]!, -7);
      const byDefault = await runNpmScript('report:usage', ['--week', '--agency', 'second-agency', '--format', 'json'], env);
      expect(byDefault.code, byDefault.stderr).toBe(0);
      expect(byDefault.stdout).toContain(`Usage from ${lastWeek} to ${addDays(lastWeek, 6)}, UTC:`);
      const json = JSON.parse(byDefault.stdout.slice(byDefault.stdout.indexOf('{'))) as { usage: UsageWeek[]; outreach: string };
      expect(json.usage.map((row) => [row.agency.slug, row.dashboardViews, row.refreshes.total])).toEqual([['second-agency', 0, 0]]);
      expect(json.outreach).toBe('not recorded yet');

      const unknown = await runNpmScript('report:usage', ['--week', '--agency', 'no-such-agency'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No agency has the slug "no-such-agency".');
    }, 120_000);
  }
});
