import { maskEmail, maskName, maskPhone } from '@/lib/customers/pii-mask';
import type { PersonPii } from '@/lib/pii/cipher';
import { fieldByKey, type DATE_FIELDS, type FieldKey } from './fields';
import {
  looksLikeEmail,
  looksLikeFormula,
  looksLikePhone,
  parseCustomerType,
  parseDate,
  parsePremium,
  parseStatus,
  parseYesNo,
  type DateOrder,
  type Parsed,
} from './values';

/** One valid policy row of an import, ready to stage. */
export interface ImportRow {
  customerExternalId: string;
  customerKind: 'individual' | 'organization' | null;
  customer: PersonPii;
  contact: PersonPii;
  contactRole: string | null;
  contactIsPrimary: boolean;
  policyExternalId: string;
  lineOfBusiness: string;
  annualPremium: string;
  effectiveDate: string;
  expirationDate: string | null;
  /** The day it was cancelled: it is in force up to the day before (SPEC §11). */
  cancellationDate: string | null;
  status: 'active' | 'cancelled' | 'expired';
}

export interface RowIssue {
  field: FieldKey | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** The cell as the report may show it: PII masked, long values cut. */
  value: string | null;
}

type DateField = (typeof DATE_FIELDS)[number];

/** How a file's cells are read: its date order, and the day it is checked (what "in the past" means). */
export interface RowReading {
  dateOrder: DateOrder;
  /** YYYY-MM-DD. */
  today: string;
}

/** Column index of each mapped field in the file's rows. */
export type ColumnIndexes = Partial<Record<FieldKey, number>>;

const MAX_LENGTH: Partial<Record<FieldKey, number>> = {
  customer_id: 100,
  policy_id: 100,
  line_of_business: 100,
  customer_name: 300,
  contact_name: 300,
  email: 320,
  contact_email: 320,
  phone: 50,
  contact_phone: 50,
  contact_role: 100,
};

/** What a report may show of a cell: PII masked the SPEC §3 way, anything else cut to 60 characters. */
export function reportValue(field: FieldKey | null, raw: string): string | null {
  if (raw === '') return null;
  const shown =
    field === 'customer_name' || field === 'contact_name'
      ? maskName(raw)!
      : field === 'email' || field === 'contact_email'
        ? maskEmail(raw)!
        : field === 'phone' || field === 'contact_phone'
          ? maskPhone(raw)!
          : raw;
  const printable = shown.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return printable.length > 60 ? `${printable.slice(0, 59)}…` : printable;
}

/**
 * One row being checked: its trimmed cells by field, and what is wrong with them. A class rather
 * than closures: an import checks millions of rows, and per-row closures cost more than the checks.
 */
class RowCheck {
  readonly issues: RowIssue[] = [];
  readonly text: Partial<Record<FieldKey, string>> = {};
  errors = 0;

  constructor(
    private readonly cells: readonly string[],
    private readonly columns: ColumnIndexes,
  ) {}

  raw(field: FieldKey): string {
    const index = this.columns[field];
    return index === undefined ? '' : (this.cells[index] ?? '');
  }

  report(field: FieldKey, severity: RowIssue['severity'], code: string, message: string) {
    if (severity === 'error') this.errors += 1;
    this.issues.push({ field, severity, code, message, value: reportValue(field, this.raw(field)) });
  }

  take<T>(field: FieldKey, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.report(field, 'error', parsed.code, parsed.message);
    return undefined;
  }

  required(field: FieldKey): string | undefined {
    const value = this.text[field];
    if (value) return value;
    this.report(field, 'error', 'missing-value', `${fieldByKey(field).label} is required.`);
    return undefined;
  }

  optional(field: FieldKey): string | null {
    return this.text[field] || null;
  }

  /** An optional date column: null when empty, undefined when it is not a date (reported). */
  optionalDate(field: DateField, dateOrder: DateOrder): string | null | undefined {
    const text = this.optional(field);
    return text === null ? null : this.take(field, parseDate(text, dateOrder));
  }

  /** A policy's end (expiration, cancellation) cannot come before its start. */
  notBeforeEffective(field: Exclude<DateField, 'effective_date'>, date: string | null | undefined, effectiveDate: string | undefined) {
    if (!date || !effectiveDate || date >= effectiveDate) return;
    const what = fieldByKey(field).label;
    const code = `${field.replace('_date', '')}-before-effective`;
    this.report(field, 'error', code, `${what} ${date} is before the effective date ${effectiveDate}.`);
  }
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Validates one data row; `row` is null when any error makes it unusable. */
export function validateRow(
  cells: readonly string[],
  columns: ColumnIndexes,
  { dateOrder, today }: RowReading,
  mappedFields: readonly FieldKey[] = Object.keys(columns) as FieldKey[],
): { row: ImportRow | null; issues: RowIssue[] } {
  const check = new RowCheck(cells, columns);
  const { text } = check;

  // Every mapped cell once: formulas, lengths, stray control characters.
  for (const field of mappedFields) {
    const cell = check.raw(field);
    const value = cell.trim();
    text[field] = value;
    if (looksLikeFormula(cell) || looksLikeFormula(value)) {
      check.report(
        field,
        'error',
        'formula',
        'Looks like a spreadsheet formula (starts with =, +, -, @, tab or CR); formulas are not imported.',
      );
    } else if (value.length > (MAX_LENGTH[field] ?? 200)) {
      check.report(field, 'error', 'too-long', `Longer than ${MAX_LENGTH[field] ?? 200} characters.`);
    } else if (CONTROL_CHARACTERS.test(value)) {
      check.report(field, 'error', 'control-characters', 'Contains control characters.');
    }
  }
  if (check.errors) return { row: null, issues: check.issues };

  const customerExternalId = check.required('customer_id');
  const policyExternalId = check.required('policy_id');
  const lineOfBusiness = check.required('line_of_business');
  const premiumText = check.required('annual_premium');
  const annualPremium = premiumText === undefined ? undefined : check.take('annual_premium', parsePremium(premiumText));
  const effectiveText = check.required('effective_date');
  const effectiveDate = effectiveText === undefined ? undefined : check.take('effective_date', parseDate(effectiveText, dateOrder));
  const expirationDate = check.optionalDate('expiration_date', dateOrder);
  check.notBeforeEffective('expiration_date', expirationDate, effectiveDate);
  const cancellationDate = check.optionalDate('cancellation_date', dateOrder);
  check.notBeforeEffective('cancellation_date', cancellationDate, effectiveDate);
  const status = check.take('status', parseStatus(text.status ?? ''));
  // A policy ends on its cancellation date whatever its status says (SPEC §11). An "active" row
  // cancelled in the past is usually a reinstated policy whose old date the export still carries:
  // imported as given, but the person is told why it no longer counts.
  if (status === 'active' && cancellationDate && cancellationDate <= today) {
    check.report(
      'cancellation_date',
      'warning',
      'cancelled-while-active',
      `The status is active, but the policy was cancelled on ${cancellationDate}: it counts as in force up to the day before only. If it was reinstated, leave the cancellation date empty.`,
    );
  }
  const customerKind = check.take('customer_type', parseCustomerType(text.customer_type ?? ''));
  const contactIsPrimary = check.take('is_primary_contact', parseYesNo(text.is_primary_contact ?? ''));

  for (const field of ['email', 'contact_email'] as const) {
    if (text[field] && !looksLikeEmail(text[field]))
      check.report(field, 'warning', 'email-format', 'Does not look like an email address; kept as given.');
  }
  for (const field of ['phone', 'contact_phone'] as const) {
    if (text[field] && !looksLikePhone(text[field]))
      check.report(field, 'warning', 'phone-format', 'Does not look like a phone number; kept as given.');
  }
  if (check.errors) return { row: null, issues: check.issues };

  return {
    row: {
      customerExternalId: customerExternalId!,
      customerKind: customerKind ?? null,
      customer: { name: check.optional('customer_name'), email: check.optional('email'), phone: check.optional('phone') },
      contact: { name: check.optional('contact_name'), email: check.optional('contact_email'), phone: check.optional('contact_phone') },
      contactRole: check.optional('contact_role'),
      contactIsPrimary: contactIsPrimary ?? false,
      policyExternalId: policyExternalId!,
      lineOfBusiness: lineOfBusiness!,
      annualPremium: annualPremium!,
      effectiveDate: effectiveDate!,
      expirationDate: expirationDate ?? null,
      cancellationDate: cancellationDate ?? null,
      status: status!,
    },
    issues: check.issues,
  };
}
