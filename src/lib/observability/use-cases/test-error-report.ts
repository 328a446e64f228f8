/**
 * "Send a test error report" (Help → Troubleshooting, owners and admins): fails on purpose, so
 * the person who just deployed, or the smoke test, sees an error travel the whole way: the 500
 * with its request id, the log line, and the report in the error tracker under that request id.
 * Not a DomainError: it must take the path of a real bug.
 */
import { agencyUseCase } from '@/lib/use-case';

export class RequestedTestError extends Error {
  constructor() {
    super('A test error report, sent on purpose from Help → Troubleshooting.');
    this.name = 'RequestedTestError';
  }
}

export const sendTestErrorReport = agencyUseCase({
  // Whoever manages the agency (owners and admins) looks after its operations.
  permission: 'service:status',
  rateLimit: 'testErrorReport',
  errors: [],
  run: async (): Promise<never> => {
    throw new RequestedTestError();
  },
});
