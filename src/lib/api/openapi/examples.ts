/** Example values shared by several operations of the reference, from a run of the demo agency. */
export const AGENCY_ID = '72e0f458-f0fd-5d2d-8096-81805b89e36d';
export const CUSTOMER_ID = '22bc996c-d532-545d-9840-483441c4f30c';
export const JOB_ID = 'c022a509-f9f1-4ee6-9720-3a729fd927d1';
export const USER_ID = 'bbe8d3ee-556d-5500-b45d-4158da07d26b';

export const RULES = {
  elite: [
    { minPremium: 10000, minLines: 1 },
    { minPremium: 5000, minLines: 3 },
  ],
  premium: [
    { minPremium: 5000, minLines: 1 },
    { minPremium: 2500, minLines: 2 },
  ],
  standard: [
    { minPremium: 1500, minLines: 1 },
    { minPremium: 0, minLines: 2 },
  ],
};

const SEGMENTS = [
  {
    tier: 'elite',
    label: 'Elite',
    count: 4,
    shareOfCustomers: 0.1111,
    annualPremium: 47806.16,
    shareOfPremium: 0.4298,
    avgPremium: 11951.54,
    avgLines: 3.75,
  },
  {
    tier: 'premium',
    label: 'Premium',
    count: 8,
    shareOfCustomers: 0.2222,
    annualPremium: 35241.73,
    shareOfPremium: 0.3168,
    avgPremium: 4405.22,
    avgLines: 2.4,
  },
  {
    tier: 'standard',
    label: 'Standard',
    count: 13,
    shareOfCustomers: 0.3611,
    annualPremium: 21737.96,
    shareOfPremium: 0.1954,
    avgPremium: 1672.15,
    avgLines: 1.85,
  },
  {
    tier: 'entry',
    label: 'Entry',
    count: 11,
    shareOfCustomers: 0.3056,
    annualPremium: 6444.87,
    shareOfPremium: 0.0579,
    avgPremium: 585.9,
    avgLines: 1,
  },
];

const TOTALS = {
  customers: 36,
  inactiveCustomers: 4,
  policies: 79,
  annualPremium: 111230.72,
  avgPremium: 3089.74,
  avgLinesPerCustomer: 2.19,
  crossSellOpportunities: 5,
  renewalWatch: 6,
};

export const SUMMARY = {
  agency: { id: AGENCY_ID, name: 'Demo Agency' },
  dataMode: 'live',
  asOf: '2026-06-30',
  computedAt: '2026-06-30T05:00:12.417Z',
  methodology: { version: 1, rules: RULES },
  totals: TOTALS,
  segments: SEGMENTS,
  freshness: {
    stale: false,
    computedAt: '2026-06-30T05:00:12.417Z',
    ageHours: 3,
    staleAfterHours: 26,
    reason: null,
    lastFailure: null,
    lastScheduledRun: null,
    nextScheduledRunAt: '2026-07-01T05:00:00.000Z',
  },
};

export const SCORED = {
  portfolioAnalysis: { asOf: '2026-06-30', methodology: { version: 1, rules: RULES }, totals: TOTALS, segments: SEGMENTS },
};

export const IMPORT_JOB = {
  id: JOB_ID,
  agencyId: AGENCY_ID,
  source: 'upload',
  fileName: 'book-of-business-june.csv',
  fileBytes: 48213,
  mode: 'merge',
  options: { encoding: 'utf-8', delimiter: ',', dateOrder: 'mdy' },
  status: 'validated',
  rowsTotal: 412,
  rowsValid: 409,
  rowsInvalid: 3,
  warnings: 1,
  issueCounts: { 'invalid-date': 2, 'negative-premium': 1 },
  result: null,
  error: null,
  createdAt: '2026-06-30T14:02:51.120Z',
  validatedAt: '2026-06-30T14:02:52.480Z',
  finishedAt: null,
};

export const MEMBERSHIP = { agencyId: AGENCY_ID, name: 'Demo Agency', slug: 'demo-agency', role: 'owner' };
export const MEMBER = { userId: USER_ID, email: 'viewer@demo-agency.test', role: 'viewer', joinedAt: '2026-01-12T09:30:00.000Z' };
