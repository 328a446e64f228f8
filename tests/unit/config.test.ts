import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { projectRoot, readConfig, resolveDataDir } from '@/lib/config';

describe('configuration', () => {
  it('runs embedded with no variables at all', () => {
    const settings = readConfig({ NODE_ENV: 'development' });
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.supabase).toBeNull();
    expect(settings.seedDemoData).toBe(true);
    expect(settings.dataDir).toMatch(/\.data$/);
  });

  it('uses Supabase Auth only when both its URL and key are set', () => {
    expect(readConfig({ NEXT_PUBLIC_SUPABASE_URL: 'https://p.supabase.co' }).supabase).toBeNull();
    expect(readConfig({ NEXT_PUBLIC_SUPABASE_URL: 'https://p.supabase.co', NEXT_PUBLIC_SUPABASE_ANON_KEY: 'k' }).supabase).toEqual({
      url: 'https://p.supabase.co',
      key: 'k',
    });
  });

  it('treats empty values as unset and names a bad one', () => {
    expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(() => readConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32 characters/);
  });

  it('serves metrics only with a METRICS_TOKEN of at least 16 characters', () => {
    expect(readConfig({}).metricsToken).toBeUndefined();
    expect(readConfig({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    expect(readConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  it('sends SLO alerts only to an http(s) ALERT_WEBHOOK_URL, and never repeats the URL when refusing one', () => {
    expect(readConfig({}).alertWebhookUrl).toBeUndefined();
    expect(readConfig({ ALERT_WEBHOOK_URL: '' }).alertWebhookUrl).toBeUndefined();
    const slack = 'https://hooks.slack.com/services/T000/B000/secretpart';
    expect(readConfig({ ALERT_WEBHOOK_URL: slack }).alertWebhookUrl).toBe(slack);
    expect(readConfig({ ALERT_WEBHOOK_URL: 'http://alerts.internal:8080/hook' }).alertWebhookUrl).toBe('http://alerts.internal:8080/hook');
    for (const bad of ['hooks.slack.com/services/T000/B000/secretpart', 'ftp://hooks.example/secretpart', 'not a url secretpart']) {
      expect(() => readConfig({ ALERT_WEBHOOK_URL: bad }), bad).toThrow(/ALERT_WEBHOOK_URL must be an http\(s\) URL/);
      expect(() => readConfig({ ALERT_WEBHOOK_URL: bad }), bad).not.toThrow(/secretpart/);
    }
  });

  describe('error reporting', () => {
    const DSN = 'https://0123abcd@o42.ingest.sentry.io/4242';

    it('is off without SENTRY_DSN, empty included', () => {
      expect(readConfig({}).sentry).toBeNull();
      expect(readConfig({ SENTRY_DSN: '' }).sentry).toBeNull();
    });

    it('labels reports with the environment and the release: the commit, else the version, unless told', () => {
      expect(readConfig({ NODE_ENV: 'production', SENTRY_DSN: DSN, APP_VERSION: '1.2.3' }).sentry).toEqual({
        dsn: DSN,
        environment: 'production',
        release: '1.2.3',
      });
      const sha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
      expect(readConfig({ SENTRY_DSN: DSN, RAILWAY_GIT_COMMIT_SHA: sha }).sentry?.release).toBe('a1b2c3d4e5f6');
      expect(readConfig({ SENTRY_DSN: DSN, SENTRY_RELEASE: 'r9', SENTRY_ENVIRONMENT: 'staging' }).sentry).toMatchObject({
        release: 'r9',
        environment: 'staging',
      });
    });

    it.each([
      'not a url',
      'https://o42.ingest.sentry.io/4242',
      'https://key@o42.ingest.sentry.io/',
      'ftp://key@host/1',
      'https://key@host/1?x=1',
    ])('refuses SENTRY_DSN=%s in one line that says what a DSN looks like', (dsn) => {
      expect(() => readConfig({ SENTRY_DSN: dsn })).toThrow(
        /^Invalid environment: SENTRY_DSN: SENTRY_DSN must look like https:\/\/<public key>@<host>\/<project id>/,
      );
    });
  });

  it('does not seed demo data into a server database unless asked', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://x' }).seedDemoData).toBe(false);
    expect(readConfig({ DATABASE_URL: 'postgres://x', SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
  });

  describe('the daily refresh scheduler', () => {
    it('is on, embedded mode included, once a day at 05:00 UTC unless told otherwise', () => {
      expect(readConfig({}).refreshScheduler).toEqual({ enabled: true, schedule: '0 5 * * *' });
      expect(readConfig({ DATABASE_URL: 'postgres://x', REFRESH_SCHEDULE: '' }).refreshScheduler).toEqual({
        enabled: true,
        schedule: '0 5 * * *',
      });
      expect(readConfig({ REFRESH_SCHEDULER: 'off' }).refreshScheduler.enabled).toBe(false);
      // Six fields: seconds first (the scheduler tests tick every second).
      expect(readConfig({ REFRESH_SCHEDULE: ' 30 2 * * * ' }).refreshScheduler.schedule).toBe('30 2 * * *');
      expect(readConfig({ REFRESH_SCHEDULE: '*/10 * * * * *' }).refreshScheduler.schedule).toBe('*/10 * * * * *');
    });

    it.each([
      [
        'every morning',
        /REFRESH_SCHEDULE: "every morning" is not a cron expression \(.*five, six, or seven.*\); for example "0 5 \* \* \*"/,
      ],
      ['61 * * * *', /REFRESH_SCHEDULE: "61 \* \* \* \*" is not a cron expression \(.*minute: 61\)/],
      ['0 5 * * * 2030 1', /REFRESH_SCHEDULE: .* is not a cron expression \(.*5 or 6 parts/],
      ['0 5 31 2 *', /REFRESH_SCHEDULE: "0 5 31 2 \*" never runs/],
    ])('refuses REFRESH_SCHEDULE=%s in one line that says why', (schedule, message) => {
      let error: Error | undefined;
      try {
        readConfig({ REFRESH_SCHEDULE: schedule });
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain('\n');
    });

    it('refuses a REFRESH_SCHEDULER other than on or off', () => {
      expect(() => readConfig({ REFRESH_SCHEDULER: 'false' })).toThrow(/REFRESH_SCHEDULER: .*"on"\|"off"/);
    });
  });

  describe('the embedded data folder', () => {
    const project = path.resolve('/srv/app');
    const standalone = path.join(project, '.next', 'standalone');

    it("is the project folder's .data for the dev server and the CLI, which run in the project folder", () => {
      expect(resolveDataDir(undefined, project)).toBe(path.join(project, '.data'));
    });

    it('is the same folder for the standalone server, which runs in .next/standalone', () => {
      expect(projectRoot(standalone)).toBe(project);
      expect(resolveDataDir(undefined, standalone)).toBe(path.join(project, '.data'));
    });

    it('takes a relative DATA_DIR from the project folder and an absolute one as it is', () => {
      expect(resolveDataDir('var/data', standalone)).toBe(path.join(project, 'var', 'data'));
      expect(resolveDataDir('var/data', project)).toBe(path.join(project, 'var', 'data'));
      expect(resolveDataDir('/data', standalone)).toBe(path.resolve('/data'));
    });

    it('stays beside server.js when only the standalone folder was deployed', () => {
      expect(resolveDataDir(undefined, '/app')).toBe(path.resolve('/app/.data'));
      expect(projectRoot(path.join(project, 'not.next', 'standalone'))).toBe(path.join(project, 'not.next', 'standalone'));
    });
  });
});
