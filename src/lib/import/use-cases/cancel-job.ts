/** Cancel a validated import: its staged rows are discarded; nothing was written to the book. Owners and admins. */
import { agencyUseCase } from '@/lib/use-case';
import { cancelImport, importJobOr404 } from '../jobs';
import { JobParamsSchema } from '../schemas';

export const cancelImportJob = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'write',
  params: JobParamsSchema,
  errors: ['not-found', 'conflict'],
  run: async ({ agency }, { params }) => {
    await cancelImport(await importJobOr404(agency.agencyId, params.jobId));
    return null;
  },
});
