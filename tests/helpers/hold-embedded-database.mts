/**
 * node --import tsx tests/helpers/hold-embedded-database.mts <folder> — opens an embedded database
 * folder the way the app and the CLI do (its lock included), says `holding <pid>`, and keeps it
 * open until it is stopped. The lock tests use it as "another process".
 */
import { createPgliteDatabase } from '@/lib/db/pglite';

const folder = process.argv[2];
if (!folder) throw new Error('Which folder?');
await createPgliteDatabase(folder);
console.log(`holding ${process.pid}`);
setInterval(() => {}, 60_000);
