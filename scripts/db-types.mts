/**
 * npm run db:types — regenerates src/lib/db/database.types.ts from the migrations, on the
 * PostgreSQL server at the URL given (scripts/db-types.sh starts a throwaway one when none is).
 */
import { writeFile } from 'node:fs/promises';
import { DATABASE_TYPES_FILE, generateDatabaseTypes } from './database-types';

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error('usage: tsx scripts/db-types.mts <postgres server url>');
await writeFile(DATABASE_TYPES_FILE, await generateDatabaseTypes(serverUrl));
console.log(`Wrote ${DATABASE_TYPES_FILE}`);
