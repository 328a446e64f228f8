/** The agency's imports, newest first (who, when, file, mode, result): the API's list and the import page's history. Owners and admins. */
import { agencyUseCase } from '@/lib/use-case';
import { listImportHistory } from '../jobs';
import { HistoryQuerySchema } from '../schemas';

export const importHistory = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'read',
  query: HistoryQuerySchema,
  errors: ['invalid'],
  run: async ({ agency, db }, { query }) => ({ imports: await db((tx) => listImportHistory(tx, agency.agencyId, query.limit)) }),
});
