import { z } from 'zod';

/** POST /api/analytics/segmentation: a batch of customers to score (nothing is stored). */
export const MAX_BATCH_CUSTOMERS = 10_000;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date format YYYY-MM-DD.')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'Not a real calendar date.');

const premium = z.union([
  z
    .number()
    .min(0, 'Cannot be negative.')
    .max(9_999_999_999.99, 'Too large.')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'Use at most two decimals.'),
  z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'Use a plain amount such as 1234.50.'),
]);

const PolicySchema = z
  .object({
    lineOfBusiness: z.string().trim().min(1, 'Required.').max(100),
    annualPremium: premium,
    effectiveDate: isoDate,
    expirationDate: isoDate.nullable().default(null),
    status: z.enum(['active', 'cancelled', 'expired']).default('active'),
  })
  .refine((policy) => policy.expirationDate === null || policy.expirationDate >= policy.effectiveDate, {
    message: 'Must not be before the effective date.',
    path: ['expirationDate'],
  });

const CustomerSchema = z.object({
  customerId: z.string().max(100).optional(),
  customerSince: isoDate.nullable().optional(),
  policies: z.array(PolicySchema).max(200, 'At most 200 policies per customer.'),
});

export const ScoreBatchSchema = z.object({
  asOf: isoDate.optional(),
  customers: z
    .array(CustomerSchema)
    .min(1, 'Send at least one customer.')
    .max(MAX_BATCH_CUSTOMERS, `At most ${MAX_BATCH_CUSTOMERS.toLocaleString('en-US')} customers per batch.`),
});
