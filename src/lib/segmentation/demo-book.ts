import { addDays, addYears } from './dates';
import type { CustomerInput, PolicyInput } from './assign';
import { createRandom } from './random';

/**
 * An illustrative book for agencies that have no customers yet ("○ Demo Data"): deterministic,
 * no PII, scored by the same segmentation code as a real book. Pure, so the browser can use it.
 */
const LINES: readonly [string, number][] = [
  ['auto', 1400],
  ['home', 1700],
  ['renters', 220],
  ['umbrella', 380],
  ['life', 950],
  ['boat', 520],
  ['bop', 2600],
  ['workers_comp', 6200],
];

export function generateIllustrativeBook(asOf: string, count = 240, seed = 7): CustomerInput[] {
  const random = createRandom(seed);
  const customers: CustomerInput[] = [];
  for (let index = 0; index < count; index += 1) {
    const policyCount = random.weighted([
      [1, 40],
      [2, 30],
      [3, 18],
      [4, 12],
    ] as const);
    const policies: PolicyInput[] = [];
    for (let p = 0; p < policyCount; p += 1) {
      const [line, median] = random.pick(LINES);
      const effectiveDate = addDays(asOf, -random.int(0, 360));
      const cents = Math.max(5000, Math.round(median * Math.exp(0.6 * random.normal()) * 100));
      policies.push({
        lineOfBusiness: line,
        annualPremium: (cents / 100).toFixed(2),
        effectiveDate,
        expirationDate: addYears(effectiveDate, 1),
        status: 'active',
      });
    }
    customers.push({ policies });
  }
  return customers;
}
