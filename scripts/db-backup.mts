/**
 * npm run db:backup -- <file> — a backup of the database: with DATABASE_URL, pg_dump's custom
 * format into <file> (a new file); on the embedded default, a copy of the data folder (database and
 * PII keys) into <file> as a new folder, while no app or script has it open. Restore with
 * npm run db:restore. Exits 1 with one readable line when it cannot.
 */
import path from 'node:path';
import { config } from '@/lib/config';
import { backupEmbedded, backupServer } from '@/lib/maintenance/backup';
import { runMaintenanceCommand } from './maintenance-command';

await runMaintenanceCommand('db:backup', 'npm run db:backup -- <file>', async (target) => {
  const settings = config();
  if (settings.databaseUrl) {
    const backup = await backupServer(settings.databaseUrl, target);
    console.log(
      `Backed up the PostgreSQL database (DATABASE_URL): ${backup.tables} tables, ${(backup.bytes / 2 ** 20).toFixed(1)} MB in ${backup.file}.`,
    );
  } else {
    backupEmbedded(settings.dataDir, target);
    console.log(
      `The embedded database is a folder, so its backup is a copy of it: ${settings.dataDir} copied to ${path.resolve(target)} (the database and the keys that open its names and emails; keep it private).`,
    );
  }
});
