/** The reference's operations of error reporting: the owners' test report and the browser's tunnel. */
import { sendTestErrorReport } from '@/lib/observability/use-cases/test-error-report';
import { operationOf, type ApiOperation } from '../operation';

const ENVELOPE_EXAMPLE = [
  '{"event_id":"9f3c2a1b4d5e4f60a7b8c9d0e1f2a3b4","sent_at":"2026-06-30T14:00:00.000Z","dsn":"https://public-key@o1.ingest.sentry.io/42"}',
  '{"type":"event"}',
  '{"event_id":"9f3c2a1b4d5e4f60a7b8c9d0e1f2a3b4","platform":"javascript","exception":{"values":[{"type":"TypeError","value":"x.map is not a function"}]},"tags":{"route":"/analytics/segmentation/[tier]"}}',
].join('\n');

export const ERROR_REPORT_OPERATIONS: ApiOperation[] = [
  operationOf(sendTestErrorReport, {
    method: 'post',
    path: '/api/ops/error-report/test',
    tag: 'Operations',
    summary: 'Send a test error report',
    description:
      'Fails on purpose, to check after a deploy that errors reach the error tracker: always answers 500 problem+json, and its report (an error named `RequestedTestError`, tagged with the same `request_id`) reaches the tracker when the deployment sets SENTRY_DSN. The **Send a test error report** button of Help → Troubleshooting calls it.',
    success: {
      status: 500,
      problem: true,
      description: 'The failure asked for: search the error tracker for the tag `request_id` with the `requestId` given here.',
    },
  }),
  {
    method: 'post',
    path: '/api/monitoring',
    tag: 'Operations',
    summary: 'Browser error reports',
    description:
      'Where the app’s own pages send their error reports (the Sentry SDK’s tunnel), so the browser talks to no other host. Same origin only; at most 200 KB; the envelope must be addressed to the DSN the deployment is configured with. Only error events and the SDK’s counts of dropped reports are passed on, each event scrubbed again, with a 3-second deadline. Answers 404 when the deployment sets no SENTRY_DSN.',
    auth: 'none',
    who: 'The app’s own pages (same origin), per client address',
    body: {
      mediaType: 'application/x-sentry-envelope',
      example: ENVELOPE_EXAMPLE,
      description: 'A Sentry envelope: a header line, then an item header line and a payload line per item.',
    },
    rateLimit: 'errorReportIp',
    problems: [400, 403, 404, 413, 429],
    agencyScoped: false,
    success: {
      status: 204,
      description: 'Taken: passed on to the error tracker (a tracker that does not answer within 3 seconds is logged, not retried).',
    },
  },
];
