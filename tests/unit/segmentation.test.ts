import { describe, expect, it } from 'vitest';
import {
  inForceOn,
  policyEndsOn,
  type PolicyDates,
  assignTier,
  centsFromDecimal,
  customerMetrics,
  DEFAULT_RULES,
  describeTierRules,
  normalizeLineOfBusiness,
  POLICY_WORDS,
  SegmentationRulesSchema,
  summarize,
  tierOf,
  type PolicyInput,
  type SegmentationRules,
} from '@/lib/segmentation';

const AS_OF = '2026-06-30';
const policy = (lineOfBusiness: string, annualPremium: string, overrides: Partial<PolicyInput> = {}): PolicyInput => ({
  lineOfBusiness,
  annualPremium,
  effectiveDate: '2026-01-01',
  expirationDate: '2027-01-01',
  status: 'active',
  ...overrides,
});
const tier = (policies: PolicyInput[], rules: SegmentationRules = DEFAULT_RULES) => tierOf({ policies }, rules, AS_OF);

describe('assignTier with the default rules (SPEC §5)', () => {
  // [premium, lines, expected]: on, one cent below and one cent above every threshold.
  const cases: [string, number, string][] = [
    ['10000.00', 1, 'elite'],
    ['9999.99', 1, 'premium'],
    ['10000.01', 1, 'elite'],
    ['5000.00', 3, 'elite'],
    ['4999.99', 3, 'premium'],
    ['5000.00', 2, 'premium'],
    ['5000.00', 1, 'premium'],
    ['4999.99', 1, 'standard'],
    ['2500.00', 2, 'premium'],
    ['2499.99', 2, 'standard'],
    ['2500.01', 2, 'premium'],
    ['1500.00', 1, 'standard'],
    ['1499.99', 1, 'entry'],
    ['1500.01', 1, 'standard'],
    ['0.00', 2, 'standard'],
    ['0.00', 1, 'entry'],
  ];
  it.each(cases)('P = %s over %i line(s) → %s', (premium, lines, expected) => {
    expect(assignTier({ premiumCents: centsFromDecimal(premium), lineCount: lines, activePolicyCount: lines }, DEFAULT_RULES)).toBe(
      expected,
    );
  });

  it('gives an inactive customer no tier', () => {
    expect(assignTier({ premiumCents: 5_000_000, lineCount: 0, activePolicyCount: 0 }, DEFAULT_RULES)).toBeNull();
  });
});

describe('customer metrics as of a date', () => {
  it('counts distinct normalized lines, not policies', () => {
    const metrics = customerMetrics({ policies: [policy('Personal Auto', '1000'), policy('PPA', '1000'), policy('auto', '600')] }, AS_OF);
    expect(metrics.lines).toEqual(['auto']);
    expect(metrics.premiumCents).toBe(260_000);
    // $2,600 over three auto policies is one line: standard. Counted as three lines it would be premium.
    expect(tier([policy('Personal Auto', '1000'), policy('PPA', '1000'), policy('auto', '600')])).toBe('standard');
    expect(tier([policy('Personal Auto', '1000'), policy('Homeowners', '1000'), policy('auto', '600')])).toBe('premium');
  });

  it('ignores cancelled, expired, not-yet-effective and lapsed-on-the-day policies', () => {
    const ignored = [
      policy('home', '20000', { status: 'cancelled' }),
      policy('home', '20000', { status: 'expired' }),
      policy('home', '20000', { effectiveDate: '2026-07-01' }),
      policy('home', '20000', { effectiveDate: '2025-06-30', expirationDate: AS_OF }),
    ];
    expect(tier(ignored)).toBeNull();
    expect(tier([...ignored, policy('auto', '100')])).toBe('entry');
  });

  it('counts a policy effective on the as-of date and one without an expiration', () => {
    expect(tier([policy('home', '10000', { effectiveDate: AS_OF })])).toBe('elite');
    expect(tier([policy('home', '10000', { expirationDate: null })])).toBe('elite');
  });

  it('reports first policy date (any status) and next renewal (active only)', () => {
    const metrics = customerMetrics(
      {
        policies: [
          policy('home', '1', { effectiveDate: '2019-03-01', expirationDate: '2020-03-01', status: 'expired' }),
          policy('auto', '1', { expirationDate: '2026-09-15' }),
          policy('boat', '1', { expirationDate: '2026-08-01' }),
        ],
      },
      AS_OF,
    );
    expect(metrics.firstPolicyDate).toBe('2019-03-01');
    expect(metrics.nextRenewalDate).toBe('2026-08-01');
    expect(metrics.activePolicyCount).toBe(2);
  });
});

describe('custom rules', () => {
  const rules: SegmentationRules = {
    elite: [
      { minPremium: 20_000, minLines: 1 },
      { minPremium: 8_000, minLines: 4 },
      { minPremium: 0, minLines: 6 },
    ],
    premium: [{ minPremium: 7_500.5, minLines: 1 }],
    standard: [{ minPremium: 1_000, minLines: 1 }],
  };

  it('takes the first tier where any rule holds, in order elite → premium → standard', () => {
    const lines = (count: number, premium: string) => Array.from({ length: count }, (_, i) => policy(`line ${i}`, premium));
    expect(tier(lines(6, '0.00'), rules)).toBe('elite');
    expect(tier(lines(4, '2000.00'), rules)).toBe('elite');
    expect(tier(lines(4, '1999.99'), rules)).toBe('premium');
    expect(tier([policy('auto', '7500.50')], rules)).toBe('premium');
    expect(tier([policy('auto', '7500.49')], rules)).toBe('standard');
    expect(tier([policy('auto', '999.99')], rules)).toBe('entry');
  });

  it('are validated: 1–4 rules per tier, premium 0–10⁹ in cents, lines 1–50', () => {
    expect(SegmentationRulesSchema.safeParse(rules).success).toBe(true);
    const broken = SegmentationRulesSchema.safeParse({
      elite: [],
      premium: Array(5).fill({ minPremium: 1, minLines: 1 }),
      standard: [
        { minPremium: -1, minLines: 0.5 },
        { minPremium: 1.005, minLines: 51 },
      ],
    });
    expect(broken.success).toBe(false);
    const paths = broken.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'elite',
        'premium',
        'standard.0.minPremium',
        'standard.0.minLines',
        'standard.1.minPremium',
        'standard.1.minLines',
      ]),
    );
  });

  it('read in plain words', () => {
    expect(describeTierRules(DEFAULT_RULES, 'elite')).toBe(
      'annual premium of at least $10,000, or annual premium of at least $5,000 across 3 or more lines',
    );
    expect(describeTierRules(DEFAULT_RULES, 'standard')).toBe('annual premium of at least $1,500, or 2 or more lines');
  });
});

describe('line of business normalization', () => {
  it.each([
    ['Personal Auto', 'auto'],
    ['  PPA ', 'auto'],
    ['Homeowners', 'home'],
    ['HO-3', 'home'],
    ['HO4', 'renters'],
    ['Renters', 'renters'],
    ['PUP', 'umbrella'],
    ['BOP', 'bop'],
    ["Workers' Comp", 'workers_comp'],
    ['Pet Insurance', 'pet_insurance'],
    ['---', 'other'],
    ['Élan Marine', 'lan_marine'],
    // Names an object inherits are lines like any other (the parity test found "constructor").
    ['Constructor', 'constructor'],
    ['toString', 'tostring'],
    ['__proto__', 'proto'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeLineOfBusiness(raw)).toBe(expected);
  });
});

describe('summarize', () => {
  it('sums to the cent and shares add up, always listing the four tiers in order', () => {
    const portfolio = summarize([
      { tier: 'elite', premiumCents: 1_000_001, lineCount: 1, activePolicyCount: 1, renewsSoon: true },
      { tier: 'elite', premiumCents: 600_000, lineCount: 3, activePolicyCount: 4, renewsSoon: false },
      // Entry customers are not on the renewal watch, however soon they renew.
      { tier: 'entry', premiumCents: 33_333, lineCount: 1, activePolicyCount: 1, renewsSoon: true },
      { tier: null, premiumCents: 0, lineCount: 0, activePolicyCount: 0, renewsSoon: false },
    ]);
    expect(portfolio.segments.map((s) => s.tier)).toEqual(['elite', 'premium', 'standard', 'entry']);
    expect(portfolio.totals).toEqual({
      customers: 3,
      inactiveCustomers: 1,
      policies: 6,
      annualPremium: 16_333.34,
      avgPremium: 5_444.45,
      avgLinesPerCustomer: 1.67,
      crossSellOpportunities: 1,
      renewalWatch: 1,
    });
    expect(portfolio.segments[0]).toEqual({
      tier: 'elite',
      label: 'Elite',
      count: 2,
      shareOfCustomers: 0.6667,
      annualPremium: 16_000.01,
      shareOfPremium: 0.9796,
      avgPremium: 8_000.01,
      avgLines: 2,
    });
    expect(portfolio.segments[1]).toMatchObject({ count: 0, shareOfCustomers: 0, avgPremium: 0 });
  });

  it('is all zeros for an empty book', () => {
    expect(summarize([]).totals).toEqual({
      customers: 0,
      inactiveCustomers: 0,
      policies: 0,
      annualPremium: 0,
      avgPremium: 0,
      avgLinesPerCustomer: 0,
      crossSellOpportunities: 0,
      renewalWatch: 0,
    });
  });
});

describe('the segmentation constants in the UI', () => {
  // The hints and list descriptions are built from policy.ts; they read as they always have.
  it('words the valued tiers, the cross-sell line count and the renewal window as counted', () => {
    expect(POLICY_WORDS).toEqual({
      valuedTiersOr: 'Elite or Premium',
      valuedTiersAnd: 'Elite and Premium',
      crossSellLines: 'a single line of business',
      crossSellLinesShort: 'one line',
      renewalWindow: 'within 60 days',
    });
  });
});

describe('in force on a day (SPEC §11)', () => {
  const policy = (over: Partial<PolicyDates>): PolicyDates => ({
    status: 'active',
    effectiveDate: '2025-01-01',
    expirationDate: '2026-01-01',
    ...over,
  });
  it('runs from the effective date to the day before its end', () => {
    expect(inForceOn(policy({}), '2024-12-31')).toBe(false);
    expect(inForceOn(policy({}), '2025-01-01')).toBe(true);
    expect(inForceOn(policy({}), '2025-12-31')).toBe(true);
    expect(inForceOn(policy({}), '2026-01-01')).toBe(false);
  });
  it('ends on a cancellation date, active or cancelled, whichever of it and the expiration comes first', () => {
    expect(policyEndsOn(policy({ cancellationDate: '2025-06-15' }))).toBe('2025-06-15');
    expect(policyEndsOn(policy({ status: 'cancelled', cancellationDate: '2025-06-15' }))).toBe('2025-06-15');
    expect(policyEndsOn(policy({ status: 'cancelled', cancellationDate: '2026-06-15' }))).toBe('2026-01-01');
    expect(inForceOn(policy({ status: 'cancelled', cancellationDate: '2025-06-15' }), '2025-06-14')).toBe(true);
    expect(inForceOn(policy({ status: 'cancelled', cancellationDate: '2025-06-15' }), '2025-06-15')).toBe(false);
  });
  it('counts a cancellation without a date, and an expiry without the day it was marked, as never in force', () => {
    expect(inForceOn(policy({ status: 'cancelled' }), '2025-03-01')).toBe(false);
    expect(inForceOn(policy({ status: 'expired' }), '2025-03-01')).toBe(false);
  });
  it('ends an expired policy on the day an import marked it expired, if that came before its expiration', () => {
    expect(policyEndsOn(policy({ status: 'expired', expiredOn: '2025-09-01' }))).toBe('2025-09-01');
    expect(policyEndsOn(policy({ status: 'expired', expiredOn: '2026-03-01' }))).toBe('2026-01-01');
    expect(inForceOn(policy({ status: 'expired', expiredOn: '2025-09-01' }), '2025-08-31')).toBe(true);
  });
  it('is §5\'s "active" for a policy without the new dates', () => {
    for (const status of ['active', 'cancelled', 'expired'] as const) {
      for (const day of ['2024-12-31', '2025-01-01', '2025-07-01', '2026-01-01']) {
        const legacy = status === 'active' && day >= '2025-01-01' && day < '2026-01-01';
        expect(inForceOn(policy({ status }), day), `${status} ${day}`).toBe(legacy);
      }
    }
  });
});
