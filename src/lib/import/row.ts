import { maskEmail, maskName, maskPhone } from '@/lib/customers/pii-mask';
import type { PersonPii } from '@/lib/pii/cipher';
import { fieldByKey, type FieldKey } from './fields';
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

/** Validates one data row; `row` is null when any error makes it unusable. */
export function validateRow(
  cells: readonly string[],
  columns: ColumnIndexes,
  dateOrder: DateOrder,
): { row: ImportRow | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const raw = (field: FieldKey) => {
    const index = columns[field];
    return index === undefined ? '' : (cells[index] ?? '');
  };
  const report = (field: FieldKey, severity: RowIssue['severity'], code: string, message: string) =>
    issues.push({ field, severity, code, message, value: reportValue(field, raw(field)) });

  // Checks every mapped cell once: formulas, lengths, stray control characters.
  const text = {} as Record<FieldKey, string>;
  for (const field of Object.keys(columns) as FieldKey[]) {
    const cell = raw(field);
    const value = cell.trim();
    text[field] = value;
    if (looksLikeFormula(cell) || looksLikeFormula(value)) {
      report(field, 'error', 'formula', 'Looks like a spreadsheet formula (starts with =, +, -, @, tab or CR); formulas are not imported.');
    } else if (value.length > (MAX_LENGTH[field] ?? 200)) {
      report(field, 'error', 'too-long', `Longer than ${MAX_LENGTH[field] ?? 200} characters.`);
    } else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
      report(field, 'error', 'control-characters', 'Contains control characters.');
    }
  }
  const hasError = () => issues.some((issue) => issue.severity === 'error');
  if (hasError()) return { row: null, issues };

  const take = <T>(field: FieldKey, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    report(field, 'error', parsed.code, parsed.message);
    return undefined;
  };
  const required = (field: FieldKey) => {
    if (text[field]) return text[field];
    report(field, 'error', 'missing-value', `${fieldByKey(field).label} is required.`);
    return undefined;
  };
  const optional = (field: FieldKey) => text[field] || null;

  const customerExternalId = required('customer_id');
  const policyExternalId = required('policy_id');
  const lineOfBusiness = required('line_of_business');
  const premiumText = required('annual_premium');
  const annualPremium = premiumText === undefined ? undefined : take('annual_premium', parsePremium(premiumText));
  const effectiveText = required('effective_date');
  const effectiveDate = effectiveText === undefined ? undefined : take('effective_date', parseDate(effectiveText, dateOrder));
  const expirationText = optional('expiration_date');
  const expirationDate = expirationText === null ? null : take('expiration_date', parseDate(expirationText, dateOrder));
  if (effectiveDate && expirationDate && expirationDate < effectiveDate) {
    report(
      'expiration_date',
      'error',
      'expiration-before-effective',
      `Expiration date ${expirationDate} is before the effective date ${effectiveDate}.`,
    );
  }
  const status = take('status', parseStatus(text.status ?? ''));
  const customerKind = take('customer_type', parseCustomerType(text.customer_type ?? ''));
  const contactIsPrimary = take('is_primary_contact', parseYesNo(text.is_primary_contact ?? ''));

  for (const field of ['email', 'contact_email'] as const) {
    if (text[field] && !looksLikeEmail(text[field]))
      report(field, 'warning', 'email-format', 'Does not look like an email address; kept as given.');
  }
  for (const field of ['phone', 'contact_phone'] as const) {
    if (text[field] && !looksLikePhone(text[field]))
      report(field, 'warning', 'phone-format', 'Does not look like a phone number; kept as given.');
  }
  if (hasError()) return { row: null, issues };

  return {
    row: {
      customerExternalId: customerExternalId!,
      customerKind: customerKind ?? null,
      customer: { name: optional('customer_name'), email: optional('email'), phone: optional('phone') },
      contact: { name: optional('contact_name'), email: optional('contact_email'), phone: optional('contact_phone') },
      contactRole: optional('contact_role'),
      contactIsPrimary: contactIsPrimary ?? false,
      policyExternalId: policyExternalId!,
      lineOfBusiness: lineOfBusiness!,
      annualPremium: annualPremium!,
      effectiveDate: effectiveDate!,
      expirationDate: expirationDate ?? null,
      status: status!,
    },
    issues,
  };
}
