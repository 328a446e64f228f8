/** Support's live facts about the signed-in agency (the troubleshooting page). */
import { agencyUseCase } from '@/lib/use-case';
import { getAgencyDiagnostics } from '../diagnostics';

export const loadDiagnostics = agencyUseCase({
  permission: null,
  rateLimit: 'read',
  errors: [],
  run: ({ agency, db }) => db((tx) => getAgencyDiagnostics(tx, agency)),
});
