/**
 * npm run db:seed — resets the demo agencies (Demo Agency's book, an empty Second Agency and,
 * with embedded auth, the demo users) to their deterministic seeded state. Migrates first.
 */
import { migrate } from '@/lib/db/migrate';
import { seedDemo } from '@/lib/seed/demo-seed';
import { COUNT_LABELS } from '@/lib/segmentation/count-labels';
import { runScript } from './script-database';

await runScript(
  async (db) => {
    await migrate(db);
    const result = await seedDemo(db);
    // The dashboard's words: counts in force first, then what else is on file.
    console.log(
      `Seeded Demo Agency as of ${result.asOf}: ${result.customersInForce} ${COUNT_LABELS.customersInForce.toLowerCase()} (${result.customers} on file), ` +
        `${result.policiesInForce} ${COUNT_LABELS.policiesInForce.toLowerCase()} (${result.policies} on file), ` +
        `history on ${result.snapshotDays} snapshot days (the month-ends of 36 months and today). Second Agency is empty.`,
    );
  },
  { prepare: false },
);
