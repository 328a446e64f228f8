/**
 * Cell parsers for imported rows (SPEC §6). Each returns the value to store or a problem that
 * says exactly what is wrong, in words an agency user can act on. Browser-safe.
 */
export type DateOrder = 'mdy' | 'dmy';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(code: string, message: string): Parsed<T> => ({ ok: false, code, message });

/** Largest premium numeric(12, 2) holds. */
const MAX_PREMIUM_INTEGER_DIGITS = 10;

/**
 * `1234.5`, `$1,234.50`, ` 1234 ` → exact decimal strings ("1234.50"); never through a float.
 * Negative amounts (`-5`, `(5.00)`) and anything that is not a number are errors.
 */
export function parsePremium(raw: string): Parsed<string> {
  const text = raw
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/^USD\s*/i, '');
  if (/^\(.*\)$/.test(text) || /^-\s*\$?\s*\d/.test(text))
    return problem('negative-premium', 'Premium is negative; premiums must be 0 or more.');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return problem('invalid-premium', 'Premium is not a number (examples that work: 1234.50, $1,234.50).');
  const integer = match[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > 2) return problem('premium-precision', 'Premium has fractions of a cent; use at most two decimals.');
  if (integer.length > MAX_PREMIUM_INTEGER_DIGITS) return problem('premium-too-large', 'Premium is larger than 9,999,999,999.99.');
  return ok(`${integer}.${decimals.padEnd(2, '0')}`);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoFrom(year: number, month: number, day: number): Parsed<string> {
  if (year < 1900 || year > 2200) return problem('impossible-date', `Year ${year} is outside 1900–2200.`);
  if (month < 1 || month > 12) return problem('impossible-date', `Month ${month} does not exist.`);
  if (day < 1 || day > daysInMonth(year, month))
    return problem('impossible-date', `Day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}.`);
  return ok(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** ISO `YYYY-MM-DD` (a time part is ignored) or slashed `M/D/YYYY` (or `D/M/YYYY` when the file uses that order). */
export function parseDate(raw: string, order: DateOrder): Parsed<string> {
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) return isoFrom(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const slashed = SLASH_DATE.exec(text);
  if (slashed) {
    const [first, second, year] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    return order === 'mdy' ? isoFrom(year, first, second) : isoFrom(year, second, first);
  }
  return problem('invalid-date', `Not a date in YYYY-MM-DD or ${order === 'mdy' ? 'M/D/YYYY' : 'D/M/YYYY'} form.`);
}

export interface DateOrderGuess {
  order: DateOrder;
  /** Every slashed date reads both ways (all parts ≤ 12): the user must choose. */
  ambiguous: boolean;
  /** Some dates only work as M/D and others only as D/M. */
  conflicting: boolean;
  slashedDates: number;
}

/** Reads the slashed dates of a sample: a first part above 12 can only be a day, a second part above 12 only a day. */
export function detectDateOrder(values: Iterable<string>): DateOrderGuess {
  let mdyEvidence = 0;
  let dmyEvidence = 0;
  let slashedDates = 0;
  for (const value of values) {
    const slashed = SLASH_DATE.exec(value.trim());
    if (!slashed) continue;
    slashedDates += 1;
    if (Number(slashed[1]) > 12) dmyEvidence += 1;
    if (Number(slashed[2]) > 12) mdyEvidence += 1;
  }
  const conflicting = mdyEvidence > 0 && dmyEvidence > 0;
  const order: DateOrder = dmyEvidence > mdyEvidence ? 'dmy' : 'mdy';
  return { order, ambiguous: slashedDates > 0 && mdyEvidence === 0 && dmyEvidence === 0, conflicting, slashedDates };
}

const words = (raw: string) =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

const STATUSES: Record<string, 'active' | 'cancelled' | 'expired'> = {
  active: 'active',
  'in force': 'active',
  inforce: 'active',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  lapsed: 'cancelled',
  expired: 'expired',
};

export function parseStatus(raw: string): Parsed<'active' | 'cancelled' | 'expired'> {
  const key = words(raw);
  if (key === '') return ok('active');
  const status = STATUSES[key];
  return status ? ok(status) : problem('invalid-status', 'Status must be active / in force, cancelled / canceled / lapsed, or expired.');
}

const CUSTOMER_TYPES: Record<string, 'individual' | 'organization'> = {
  individual: 'individual',
  personal: 'individual',
  household: 'individual',
  person: 'individual',
  organization: 'organization',
  organisation: 'organization',
  commercial: 'organization',
  business: 'organization',
  company: 'organization',
};

/** null: not given (an existing customer keeps its type; a new one is an individual). */
export function parseCustomerType(raw: string): Parsed<'individual' | 'organization' | null> {
  const key = words(raw);
  if (key === '') return ok(null);
  const kind = CUSTOMER_TYPES[key];
  return kind
    ? ok(kind)
    : problem(
        'invalid-customer-type',
        'Customer type must be individual (personal, household) or organization (commercial, business, company).',
      );
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'x', 'primary']);
const FALSE_WORDS = new Set(['', 'no', 'n', 'false', 'f', '0']);

export function parseYesNo(raw: string): Parsed<boolean> {
  const key = words(raw);
  if (TRUE_WORDS.has(key)) return ok(true);
  if (FALSE_WORDS.has(key)) return ok(false);
  return problem('invalid-yes-no', 'Must be yes or no (true/false, 1/0, y/n).');
}

/** Loose on purpose (SPEC §6): a bad email or phone is a warning, and the value is kept as given. */
export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value);
export function looksLikePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return /^[\d\s+().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?$/i.test(value) && digits >= 7 && digits <= 15;
}

/**
 * A cell a spreadsheet would run as a formula when the data is exported again (`=cmd|'/C calc'!A0`,
 * `@SUM(…)`, `+HYPERLINK(…)`). Signed numbers and phone numbers (`-5`, `+1 555 0100`) are not formulas.
 */
export function looksLikeFormula(raw: string): boolean {
  const first = raw[0];
  if (first === '=' || first === '@' || first === '\t' || first === '\r') return true;
  if (first === '+' || first === '-') return !/^[+-][\d\s().,$-]*$/.test(raw);
  return false;
}
