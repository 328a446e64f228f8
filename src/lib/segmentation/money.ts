/**
 * Money as integer cents, so every comparison with a threshold is exact (SPEC §5: TypeScript and
 * SQL must agree on every input). Sums of many customers use bigint.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** '1234.5' → 123450. Throws on anything that is not a plain amount with at most two decimals. */
export function centsFromDecimal(value: string): number {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`Not an amount: ${value}`);
  const [, sign, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -cents : cents;
}

/** A dollar amount given as a number (e.g. a rule's minPremium) in cents. */
export function centsFromDollars(value: number): number {
  return Math.round(value * 100);
}

/** Cents (number or bigint) as dollars, exact to the cent for any realistic book. */
export function dollarsFromCents(cents: number | bigint): number {
  return Number(cents) / 100;
}

/** Cents as an exact amount with two decimals, signed: -123450n → '-1234.50' (what the API writes for money). */
export function decimalFromCents(cents: bigint): string {
  const negative = cents < BigInt(0);
  const magnitude = negative ? -cents : cents;
  const hundred = BigInt(100);
  return `${negative ? '-' : ''}${magnitude / hundred}.${String(magnitude % hundred).padStart(2, '0')}`;
}

/** An amount the database wrote (numeric(16,2) as text, always two decimals: '1234.50') as exact cents, at any size. */
export const centsFromStoredDecimal = (decimal: string): bigint => BigInt(decimal.replace('.', ''));
