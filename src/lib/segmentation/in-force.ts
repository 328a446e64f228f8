/**
 * When a policy is in force on a day (SPEC §11), the one rule the refresh, the backfill and the
 * TypeScript scoring share: effective date ≤ D < the day it ends. The same rule as
 * public.policy_ends_on in SQL (the parity test holds them together). For today, and for a policy
 * without the dates of §11, it is §5's "active": status active, started, not yet expired.
 */
export interface PolicyDates {
  status: 'active' | 'cancelled' | 'expired';
  effectiveDate: string;
  expirationDate: string | null;
  /** When it was cancelled (import column cancellation_date). */
  cancellationDate?: string | null;
  /** The day an import marked it expired (a replace import that no longer listed it). */
  expiredOn?: string | null;
}

const earliest = (...days: (string | null | undefined)[]): string | null =>
  days.reduce<string | null>((first, day) => (day && (first === null || day < first) ? day : first), null);

/**
 * The first day the policy is no longer in force, or null if it has no end. A cancellation
 * without a date, or an expiry without the day it was marked (imports always record it), counts
 * as never in force: it ends the day it starts. Without the new dates this is §5's "active".
 */
export function policyEndsOn(policy: PolicyDates): string | null {
  const { status, effectiveDate, expirationDate, cancellationDate = null, expiredOn = null } = policy;
  if (status === 'active') return earliest(cancellationDate, expirationDate);
  if (status === 'cancelled') return cancellationDate === null ? effectiveDate : earliest(cancellationDate, expirationDate);
  return expiredOn === null ? effectiveDate : earliest(expiredOn, expirationDate, cancellationDate);
}

export function inForceOn(policy: PolicyDates, day: string): boolean {
  const endsOn = policyEndsOn(policy);
  return policy.effectiveDate <= day && (endsOn === null || endsOn > day);
}
