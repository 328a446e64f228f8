/**
 * Keeps personal data and secrets out of logs and stored error text: emails, phone numbers,
 * SSN-like numbers, bearer tokens, JWTs, API keys and long opaque strings are replaced by a
 * label. UUIDs stay: they are the ids we log on purpose (request, user, agency).
 */
const RULES: [RegExp, string][] = [
  [/\bBearer\s+[\w.~+/-]+=*/gi, 'Bearer [token]'],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[token]'],
  [/\b(?:sk|pk|sb|rk|sbp)_[A-Za-z0-9_]{12,}/g, '[token]'],
  [/[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi, '[email]'],
  [/\b\d{3}-\d{2}-\d{4}\b/g, '[ssn]'],
  [/(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b/g, '[phone]'],
  [/\b\d{10,}\b/g, '[number]'],
  [/\b[A-Za-z0-9_]{32,}\b/g, '[token]'],
];

export function redact(text: string): string {
  return RULES.reduce((result, [pattern, label]) => result.replace(pattern, label), text);
}

/** Redacts every string inside a value (objects and arrays are copied, not changed). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, depth + 1)])) as T;
}
