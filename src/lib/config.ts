import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { parseDsn } from '@/lib/observability/sentry/dsn';

/**
 * Every environment variable the server reads, parsed once. README lists the same table.
 * Empty strings count as unset, so `FOO=` in a .env file does not switch a mode on.
 */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUnset, z.string().optional());

/**
 * How REFRESH_SCHEDULE is read, wherever it is (the scheduler, the dashboard's "next run"): in
 * UTC, so every replica and the run's day agree whatever the host's zone; five fields, or six
 * with seconds first.
 */
export const REFRESH_SCHEDULE_OPTIONS = { timezone: 'UTC', mode: '5-or-6-parts' } as const;
/** 05:00 UTC: after midnight on the US east coast, before any agency opens. */
export const DEFAULT_REFRESH_SCHEDULE = '0 5 * * *';

/** Why a cron expression cannot drive the scheduler, or null when it can. */
function refreshScheduleProblem(expression: string): string | null {
  try {
    if (new Cron(expression, REFRESH_SCHEDULE_OPTIONS).nextRun() === null) return `"${expression}" never runs`;
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `"${expression}" is not a cron expression (${reason}); for example "${DEFAULT_REFRESH_SCHEDULE}" is every day at 05:00 UTC`;
  }
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optionalString,
  DATA_DIR: optionalString,
  NEXT_PUBLIC_SUPABASE_URL: optionalString,
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optionalString,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
  SESSION_SECRET: z.preprocess(emptyAsUnset, z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional()),
  SEED_DEMO_DATA: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).optional()),
  TRUSTED_PROXY_COUNT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(5).default(1)),
  RATE_LIMIT_STORE: z.preprocess(emptyAsUnset, z.enum(['postgres', 'memory']).default('postgres')),
  CRON_SECRET: z.preprocess(emptyAsUnset, z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional()),
  METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()),
  // SLO alerts (src/lib/observability/slo): a Slack incoming webhook or anything taking its JSON. Its path is a secret: never logged.
  ALERT_WEBHOOK_URL: z.preprocess(
    emptyAsUnset,
    z
      .url({ protocol: /^https?$/, error: 'ALERT_WEBHOOK_URL must be an http(s) URL, such as https://hooks.slack.com/services/…' })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  APP_VERSION: optionalString,
  // `keyId:base64` entries, comma-separated, newest first (see src/lib/pii/keyring.ts).
  PII_ENCRYPTION_KEY: optionalString,
  PII_BLIND_INDEX_KEY: optionalString,
  RAILWAY_GIT_COMMIT_SHA: optionalString,
  // Error reports (src/lib/observability/error-reporting.ts): all off while SENTRY_DSN is unset.
  SENTRY_DSN: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .trim()
      .refine((dsn) => parseDsn(dsn) !== null, 'SENTRY_DSN must look like https://<public key>@<host>/<project id> (the project’s DSN)')
      .optional(),
  ),
  SENTRY_ENVIRONMENT: optionalString,
  SENTRY_RELEASE: optionalString,
  REFRESH_SCHEDULER: z.preprocess(emptyAsUnset, z.enum(['on', 'off']).default('on')),
  REFRESH_SCHEDULE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .trim()
      .default(DEFAULT_REFRESH_SCHEDULE)
      .superRefine((expression, context) => {
        const problem = refreshScheduleProblem(expression);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
  ),
});

export type AppConfig = ReturnType<typeof readConfig>;

/**
 * The project folder, which holds the embedded data. `npm run dev` and the CLI scripts run in it;
 * the standalone server (`npm start`) changes its working directory to `<project>/.next/standalone`
 * before any app code runs, so there the project is two folders up. Anything else (a deployment
 * that copied only the standalone folder to /app and runs it there) is its own project folder.
 * Worked out from the working directory at run time: nothing of the build machine is baked in.
 */
export function projectRoot(cwd: string = process.cwd()): string {
  const directory = path.resolve(/*turbopackIgnore: true*/ cwd);
  const standalone = path.join('.next', 'standalone');
  return directory.endsWith(`${path.sep}${standalone}`) ? path.dirname(path.dirname(directory)) : directory;
}

/**
 * The embedded data folder: DATA_DIR (a relative one is taken from the project folder, so the
 * server and the CLI agree on it) or `<project>/.data`. Never inside `.next`, which every build
 * replaces.
 */
export function resolveDataDir(dataDirVariable: string | undefined, cwd: string = process.cwd()): string {
  return path.resolve(/*turbopackIgnore: true*/ projectRoot(cwd), dataDirVariable ?? '.data');
}

export function readConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  const supabaseKey = vars.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? vars.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  // The deploy platform's commit, else the one `npm run build` recorded (next.config.ts inlines
  // process.env.APP_COMMIT into the server bundle; this exact expression is what it replaces).
  const commit = (vars.RAILWAY_GIT_COMMIT_SHA ?? process.env.APP_COMMIT)?.slice(0, 12) || null;
  const version = vars.APP_VERSION ?? process.env.npm_package_version ?? '0.1.0';
  return {
    production: vars.NODE_ENV === 'production',
    databaseUrl: vars.DATABASE_URL,
    // Embedded mode keeps its database and generated secrets here (git-ignored).
    dataDir: resolveDataDir(vars.DATA_DIR),
    supabase: vars.NEXT_PUBLIC_SUPABASE_URL && supabaseKey ? { url: vars.NEXT_PUBLIC_SUPABASE_URL, key: supabaseKey } : null,
    sessionSecret: vars.SESSION_SECRET,
    // The demo book is loaded on the first embedded start unless turned off.
    seedDemoData: vars.SEED_DEMO_DATA ? vars.SEED_DEMO_DATA === 'true' : !vars.DATABASE_URL,
    rateLimitStore: vars.RATE_LIMIT_STORE,
    // Proxies in front of the app that append the peer address to X-Forwarded-For (Railway: 1).
    trustedProxyCount: vars.TRUSTED_PROXY_COUNT,
    logLevel: vars.LOG_LEVEL,
    cronSecret: vars.CRON_SECRET,
    // Unset: GET /api/metrics answers 404, as if it did not exist.
    metricsToken: vars.METRICS_TOKEN,
    // Unset: SLO breaches and recoveries are logged only (docs/DEPLOYMENT.md, "SLOs and alerts").
    alertWebhookUrl: vars.ALERT_WEBHOOK_URL,
    piiEncryptionKey: vars.PII_ENCRYPTION_KEY,
    piiBlindIndexKey: vars.PII_BLIND_INDEX_KEY,
    version,
    commit,
    // The in-app daily refresh (src/lib/startup/refresh-scheduler.ts), embedded mode included.
    refreshScheduler: { enabled: vars.REFRESH_SCHEDULER === 'on', schedule: vars.REFRESH_SCHEDULE },
    // Unset DSN: no error report leaves the app, the SDK is never loaded, /api/monitoring is a 404.
    sentry: vars.SENTRY_DSN
      ? { dsn: vars.SENTRY_DSN, environment: vars.SENTRY_ENVIRONMENT ?? vars.NODE_ENV, release: vars.SENTRY_RELEASE ?? commit ?? version }
      : null,
  };
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  cached ??= readConfig();
  return cached;
}
