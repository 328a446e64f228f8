/**
 * npm run db:restore -- <file> [--replace] — puts a backup made by npm run db:backup back: with
 * DATABASE_URL, pg_restore in one transaction (a database that already holds agencies needs
 * --replace; a failed restore changes nothing); on the embedded default, the backup folder in
 * place of the data folder, the old one kept beside it. Exits 1 with one readable line when it cannot.
 */
import { config } from '@/lib/config';
import { restoreEmbedded, restoreServer } from '@/lib/maintenance/backup';
import { runMaintenanceCommand } from './maintenance-command';

await runMaintenanceCommand('db:restore', 'npm run db:restore -- <file> [--replace]', async (source, flags) => {
  const settings = config();
  if (settings.databaseUrl) {
    const restored = await restoreServer(settings.databaseUrl, source, { replace: flags.replace });
    console.log(
      `Restored ${source} into the PostgreSQL database (DATABASE_URL): ${restored.tables} tables, migrations up to ${restored.migration ?? 'none'}. Run npm run db:migrate if this release has newer ones, then npm run db:check.`,
    );
  } else {
    const { keptAs } = restoreEmbedded(settings.dataDir, source);
    console.log(`Restored ${source} into ${settings.dataDir}.${keptAs ? ` The data folder as it was is kept in ${keptAs}.` : ''}`);
  }
});
