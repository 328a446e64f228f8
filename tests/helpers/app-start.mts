/**
 * The app server's start-up without its web server, for the scheduler tests
 * (tests/integration/refresh-scheduler.postgres.test.ts): the same startServer() that
 * src/instrumentation.ts runs (settings checked, database opened, daily refresh scheduler started),
 * then the process stays up, as a server does, until it is stopped.
 *   node --import tsx tests/helpers/app-start.mts
 * DATABASE_URL, REFRESH_SCHEDULE, REFRESH_SCHEDULER and LOG_LEVEL come from the environment.
 */
import { startServer } from '@/lib/startup/first-start';

await startServer();
// A web server would be listening; this keeps the process alive the same way.
setInterval(() => {}, 60_000);
