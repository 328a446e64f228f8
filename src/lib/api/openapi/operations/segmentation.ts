/** The reference's operations on tiers: the summary, scoring, the rules, the refresh, and time (history, trends, movement, movers, retention). */
import { exportMovers, listMoversInPeriod } from '@/lib/customers/use-cases/movers';
import { getHistoryBackfill, startHistoryBackfill } from '@/lib/segmentation/use-cases/history-backfill';
import { refreshTiers } from '@/lib/segmentation/use-cases/refresh';
import { getRetention } from '@/lib/segmentation/use-cases/retention';
import { getRules, previewRuleChange, saveRuleChange } from '@/lib/segmentation/use-cases/rules';
import { getSummary, scoreBatch } from '@/lib/segmentation/use-cases/summary';
import { getTierMovement } from '@/lib/segmentation/use-cases/tier-movement';
import { getTrends } from '@/lib/segmentation/use-cases/trends';
import { RULES, SCORED, SUMMARY } from '../examples';
import { operationOf, type ApiOperation } from '../operation';
import * as shape from '../shapes';

const BASE = '/api/analytics/segmentation';
const DAYS = ['2026-06-30', '2026-05-31', '2026-04-30'];
const PERIOD = { days: DAYS, from: '2026-05-31', to: '2026-06-30', fromPeriod: '30d' };
const RUN = {
  id: '4cae0c14-f754-47f2-8962-cf99e323c14f',
  status: 'running',
  monthsDone: 7,
  monthsTotal: 36,
  monthsComputed: null,
  retentionDays: null,
  startedAt: '2026-06-30T14:10:02.311Z',
  updatedAt: '2026-06-30T14:10:31.904Z',
  finishedAt: null,
  error: null,
};
const RETAINED = {
  customersThen: 34,
  customersRetained: 32,
  linesThen: 68,
  linesRetained: 61,
  premiumThen: '116597.44',
  premiumNow: '107607.47',
  customerRate: '0.9412',
  lineRate: '0.8971',
  premiumRate: '0.9229',
};

export const SEGMENTATION_OPERATIONS: ApiOperation[] = [
  operationOf(getSummary, {
    method: 'get',
    path: BASE,
    tag: 'Segmentation',
    summary: 'Tier summary',
    description:
      'The current agency’s customers in four tiers (elite, premium, standard, entry) with counts, premium and shares, the rules used and how fresh the figures are. With `compareTo`, each figure also as it was on an earlier snapshot. An agency without customers gets an illustrative book (`dataMode: demo`).',
    success: { status: 200, description: 'The tier summary.', json: shape.Summary, example: SUMMARY },
  }),
  operationOf(scoreBatch, {
    method: 'post',
    path: BASE,
    tag: 'Segmentation',
    summary: 'Score a batch of customers',
    description: 'Scores up to 10,000 posted customers with the agency’s rules and answers the summary they would make. Nothing is stored.',
    body: {
      mediaType: 'application/json',
      example: {
        asOf: '2026-06-30',
        customers: [
          {
            customerId: 'X-1',
            policies: [
              { lineOfBusiness: 'Personal Auto', annualPremium: 1250, effectiveDate: '2026-01-15' },
              { lineOfBusiness: 'Homeowners', annualPremium: '980.50', effectiveDate: '2026-03-01', expirationDate: '2027-03-01' },
            ],
          },
        ],
      },
    },
    success: { status: 200, description: 'The batch’s portfolio analysis.', json: shape.ScoredBatch, example: SCORED },
  }),
  operationOf(refreshTiers, {
    method: 'post',
    path: `${BASE}/refresh`,
    tag: 'Segmentation',
    summary: 'Recompute tiers now',
    description:
      'Recomputes every customer’s tier of the current agency and answers the new summary. A failed run leaves the previous figures standing (503).',
    success: { status: 200, description: 'The new tier summary.', json: shape.Summary, example: SUMMARY },
  }),
  operationOf(getRules, {
    method: 'get',
    path: `${BASE}/settings`,
    tag: 'Segmentation',
    summary: 'Tier rules',
    description: 'The agency’s tier rules, their version and the history of changes.',
    success: {
      status: 200,
      description: 'The rules.',
      json: shape.RuleSettings,
      example: {
        rules: RULES,
        version: 2,
        history: [{ version: 2, rules: RULES, changedAt: '2026-06-02T10:15:00.000Z', changedBy: 'owner@demo-agency.test' }],
      },
    },
  }),
  operationOf(saveRuleChange, {
    method: 'put',
    path: `${BASE}/settings`,
    tag: 'Segmentation',
    summary: 'Change the tier rules',
    description:
      'Saves the next version of the rules and recomputes every tier before answering. `expectedVersion` is the version you edited: if someone saved in between, the answer is 409 and nothing changes.',
    body: { mediaType: 'application/json', example: { rules: RULES, expectedVersion: 1 } },
    success: {
      status: 200,
      description: 'The saved rules and the summary they make.',
      json: shape.looseResult({ settings: shape.RuleSettings, summary: shape.Summary }),
      example: { settings: { rules: RULES, version: 2, history: [] }, summary: SUMMARY },
    },
  }),
  operationOf(previewRuleChange, {
    method: 'post',
    path: `${BASE}/settings/preview`,
    tag: 'Segmentation',
    summary: 'Preview a rule change',
    description: 'How many customers and how much premium each tier would hold under the proposed rules, computed now. Nothing is stored.',
    body: { mediaType: 'application/json', example: { rules: RULES } },
    success: {
      status: 200,
      description: 'Each tier under the proposed rules.',
      json: shape.RulePreview,
      example: {
        asOf: '2026-06-30',
        segments: [
          { tier: 'elite', customers: 4, annualPremium: '47806.16' },
          { tier: 'premium', customers: 8, annualPremium: '35241.73' },
          { tier: 'standard', customers: 13, annualPremium: '21737.96' },
          { tier: 'entry', customers: 11, annualPremium: '6444.87' },
        ],
      },
    },
  }),
  operationOf(getTrends, {
    method: 'get',
    path: `${BASE}/trends`,
    tag: 'History',
    summary: 'Monthly trends',
    description:
      'Month by month (1–36 months, 12 by default), each tier’s customers and premium from the snapshots. Without history: an empty series and how to compute it.',
    success: {
      status: 200,
      description: 'The series.',
      json: shape.Trends,
      example: {
        dataMode: 'live',
        months: 12,
        points: [
          {
            month: '2026-06',
            asOf: '2026-06-30',
            customers: 36,
            annualPremium: '111230.72',
            tiers: {
              elite: { customers: 4, annualPremium: '47806.16' },
              premium: { customers: 8, annualPremium: '35241.73' },
              standard: { customers: 13, annualPremium: '21737.96' },
              entry: { customers: 11, annualPremium: '6444.87' },
            },
          },
        ],
        empty: null,
      },
    },
  }),
  operationOf(getTierMovement, {
    method: 'get',
    path: `${BASE}/movement`,
    tag: 'History',
    summary: 'Tier movement between two days',
    description:
      'How customers moved between tiers from one snapshot day to another: customers and premium on each path. `from` and `to` are snapshot days or 30d, month-end, year; by default the latest snapshot and the one 30 days before.',
    success: {
      status: 200,
      description: 'The paths between tiers.',
      json: shape.Movement,
      example: {
        ...PERIOD,
        paths: [
          { from: 'premium', to: 'standard', customers: 3, premiumFrom: '13393.09', premiumTo: '8952.40' },
          { from: 'entry', to: 'standard', customers: 2, premiumFrom: '1264.60', premiumTo: '2784.62' },
        ],
      },
    },
  }),
  operationOf(listMoversInPeriod, {
    method: 'get',
    path: `${BASE}/movers`,
    tag: 'History',
    summary: 'Movers: customers at risk or rising',
    description:
      'The customers who left Elite or Premium in a period (`direction=down`, at risk) or rose a tier (`up`), with premium then, now and moved; a page at a time, largest move first unless sorted otherwise.',
    success: {
      status: 200,
      description: 'A page of movers.',
      json: shape.MoversPage,
      example: {
        ...PERIOD,
        direction: 'down',
        sort: 'moved',
        movers: [
          {
            id: 'b3e71648-01c8-57f2-932a-3274300388d8',
            externalId: 'C-100006',
            from: 'premium',
            to: 'standard',
            premiumFrom: '6413.20',
            premiumTo: '4141.09',
            premiumMoved: '-2272.11',
            name: 'Runte LLC',
            email: 'runte.llc5@example.com',
            phone: '(614) 555-0195',
          },
        ],
        nextCursor: null,
        total: { customers: 1, premiumMoved: '-2272.11' },
      },
    },
  }),
  operationOf(exportMovers, {
    method: 'get',
    path: `${BASE}/movers/export`,
    tag: 'History',
    summary: 'Export movers as CSV',
    description: 'The movers list as a CSV file, streamed; every export is recorded in the audit log.',
    success: {
      status: 200,
      description: 'The CSV file.',
      csv: 'customer_id,customer_name,email,phone,tier_from,tier_to,premium_from,premium_to,premium_moved\r\nC-100006,Runte LLC,runte.llc5@example.com,(614) 555-0195,premium,standard,6413.20,4141.09,-2272.11\r\n',
    },
  }),
  operationOf(getRetention, {
    method: 'get',
    path: `${BASE}/retention`,
    tag: 'History',
    summary: 'Retention over 12 months',
    description:
      'Customer, line and premium retention over the 12 months to a month-end snapshot, overall, by tier then and by number of lines then, with the raw counts. Without `asOf`: the latest month-end with a year of history.',
    success: {
      status: 200,
      description: 'The retention figures.',
      json: shape.Retention,
      example: {
        asOf: '2026-06-30',
        since: '2025-06-30',
        available: ['2026-06-30', '2026-05-31'],
        overall: RETAINED,
        byTier: [{ tier: 'elite', ...RETAINED }],
        byLines: [{ lines: '3+', ...RETAINED }],
        empty: null,
      },
    },
  }),
  operationOf(getHistoryBackfill, {
    method: 'get',
    path: `${BASE}/history`,
    tag: 'History',
    summary: 'Snapshot history and backfill progress',
    description:
      'The agency’s snapshot history (earliest, latest, whether it reaches a year back) and its latest history backfill’s progress.',
    success: {
      status: 200,
      description: 'The history and the latest run.',
      json: shape.HistoryState,
      example: {
        run: RUN,
        history: { earliest: '2023-06-30', latest: '2026-06-30', snapshotDays: 37, reachesYearBack: true },
        hasCustomers: true,
        months: 36,
      },
    },
  }),
  operationOf(startHistoryBackfill, {
    method: 'post',
    path: `${BASE}/history`,
    tag: 'History',
    summary: 'Compute 36 months of history',
    description:
      'Starts computing month-end snapshots for the last 36 months from policy dates, in the background; poll the GET for its progress. Month-ends computed before are left as they are, unless `mode=recompute`: then the history is forgotten and every month-end computed again from the dates on file now (after an import corrected past dates); daily snapshots between month-ends are not kept. 409 while a run is in progress, 422 when the agency has no customers.',
    success: {
      status: 202,
      description: 'Started.',
      json: shape.looseResult({ run: shape.BackfillRun }),
      example: { run: { ...RUN, monthsDone: 0, updatedAt: RUN.startedAt } },
      headers: { Location: { description: 'Where to read the progress.', schema: { type: 'string' } } },
    },
  }),
];
