/**
 * The steps of an import commit, in order: defined once, here, for the commit (commit.ts reports
 * each as it ends), the progress stream (its first line sends the list) and the page (its progress
 * bar counts them). Free of server code so the browser can import it.
 */
export const COMMIT_STEPS = ['customers', 'contacts', 'policies', 'expire', 'record', 'refresh'] as const;
export type CommitStep = (typeof COMMIT_STEPS)[number];
