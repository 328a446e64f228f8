/**
 * Commit: a validated import's valid rows written to the book in one transaction, then the
 * agency's insights refreshed. The job is loaded here, once (a missing one is a plain not-found,
 * before anything is answered), and handed to the commit (commit.ts). The commit itself starts
 * when the answer asks for it (`start`): a progress stream reports each step as it ends, so the
 * answer must exist before the first step does. Owners and admins.
 */
import { agencyUseCase } from '@/lib/use-case';
import { commitImport } from '../commit';
import { COMMIT_STEPS, type CommitStep } from '../commit-steps';
import { importJobOr404, type ImportJob } from '../jobs';
import { JobParamsSchema } from '../schemas';

export interface PendingCommit {
  job: ImportJob;
  steps: typeof COMMIT_STEPS;
  /** Runs the commit, calling `onStep` after each step; resolves to the committed job. */
  start(onStep?: (step: CommitStep) => void): Promise<ImportJob>;
}

export const commitImportJob = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'write',
  params: JobParamsSchema,
  errors: ['not-found', 'conflict'],
  run: async ({ agency, session }, { params }): Promise<PendingCommit> => {
    const job = await importJobOr404(agency.agencyId, params.jobId);
    return { job, steps: COMMIT_STEPS, start: (onStep) => commitImport(job, { actorId: session.userId, onStep }) };
  },
});
