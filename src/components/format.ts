const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const currencyCents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const integer = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const formatCurrency = (dollars: number) => currency.format(dollars);
export const formatCurrencyCents = (dollars: number) => currencyCents.format(dollars);
export const formatCount = (value: number) => integer.format(value);
export const formatShare = (ratio: number) => percent.format(ratio);
export const formatDecimal = (value: number) => decimal.format(value);

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function timeAgo(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/**
 * Every date and time the app shows is written one way: "March 3, 2026", and with a time
 * "March 3, 2026, 14:05 UTC" (UTC, so support and the agency read the same clock).
 */
const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** A calendar date, "YYYY-MM-DD" (an as-of date, a policy date): "March 3, 2026". */
export function formatDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

/** An instant (when something ran or was saved): "March 3, 2026, 14:05 UTC". */
export function formatDateTime(instant: string | Date): string {
  const date = new Date(instant);
  return `${longDate.format(date)}, ${clock.format(date)} UTC`;
}
