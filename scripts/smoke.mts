/**
 * npm run smoke -- <base-url> [--email <e> --password <p>] — the deployment checklist against a
 * running deployment over HTTP (src/lib/smoke): health, sign-in, the dashboard's four tier cards
 * and data badge, Refresh, a tier list, and the summary's p95. One line per check with its time;
 * exit 0 when all passed, 1 naming every check that failed or could not run, 2 for a wrong
 * command line. Without credentials it signs in as the embedded default's demo owner. The
 * password may come from SMOKE_PASSWORD (and the email from SMOKE_EMAIL) to keep it out of the
 * shell history; it is never printed, nor is the session cookie.
 */
import { parseArgs } from 'node:util';
import { parseBaseUrl } from '@/lib/smoke/client';
import { formatResult, formatVerdict, runSmoke } from '@/lib/smoke/run';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD } from '@/lib/seed/demo-users';

const USAGE = 'npm run smoke -- <base-url> [--email <email> --password <password>]   (or SMOKE_EMAIL / SMOKE_PASSWORD)';

function usageError(message: string): never {
  console.error(`${message}\nUsage: ${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { email: { type: 'string' }, password: { type: 'string' } } });
} catch (error) {
  usageError((error as Error).message);
}
const [target, ...extra] = parsed.positionals;
if (!target) usageError('Which deployment? Give its address.');
if (extra.length) usageError(`Unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);

let base: URL;
try {
  base = parseBaseUrl(target);
} catch (error) {
  usageError((error as Error).message);
}

const email = parsed.values.email ?? process.env.SMOKE_EMAIL;
const password = parsed.values.password ?? process.env.SMOKE_PASSWORD;
if (Boolean(email) !== Boolean(password)) usageError('Give both an email and a password, or neither (the demo owner).');
const credentials =
  email && password ? { email, password, demoDefault: false } : { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD, demoDefault: true };

console.log(`Smoke test of ${base.origin}, signing in as ${credentials.email}${credentials.demoDefault ? ' (the demo owner)' : ''}`);
const startedAt = performance.now();
const results = await runSmoke({ base, credentials, onResult: (result) => console.log(formatResult(result)) });
const verdict = formatVerdict(results, performance.now() - startedAt);
if (verdict.ok) {
  console.log(verdict.line);
} else {
  console.error(verdict.line);
  process.exitCode = 1;
}
