/**
 * npm run db:seed — resets the demo agencies (Demo Agency's book, an empty Second Agency and,
 * with embedded auth, the demo users) to their deterministic seeded state. Migrates first.
 */
import { migrate } from '@/lib/db/migrate';
import { seedDemo } from '@/lib/seed/demo-seed';
import { runScript } from './script-database';

await runScript(
  async (db) => {
    await migrate(db);
    const result = await seedDemo(db);
    console.log(
      `Seeded Demo Agency as of ${result.asOf}: ${result.customers} customers, ${result.policies} policies. Second Agency is empty.`,
    );
  },
  { prepare: false },
);
