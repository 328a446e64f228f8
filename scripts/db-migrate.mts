/**
 * npm run db:migrate — applies pending files of supabase/migrations (and, where Supabase is
 * absent, supabase/local) to DATABASE_URL, or to the embedded database when it is unset.
 * Railway runs it before each deploy.
 */
import { migrate } from '@/lib/db/migrate';
import { runScript } from './script-database';

await runScript(
  async (db) => {
    const result = await migrate(db);
    const applied = [...result.localApplied.map((name) => `local/${name}`), ...result.applied];
    console.log(
      applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Database is up to date; nothing to apply.',
    );
  },
  { prepare: false },
);
