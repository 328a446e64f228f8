import { addDays, addYears } from '@/lib/segmentation/dates';
import { normalizeLineOfBusiness } from '@/lib/segmentation/lines';
import type { Random } from '@/lib/segmentation/random';

/**
 * One demo customer's policies over the 36 months before the seed's as-of day (SPEC §11): the
 * book as an agency management system would export it today, whose dates tell what happened.
 * Month by month a customer may renew (sometimes at a new premium), be rewritten under a new
 * policy number, buy another line, drop one, leave (all policies cancelled with a date, or not
 * renewed), and sometimes come back. How likely leaving is depends on how many lines the customer
 * holds: monoline customers leave far more often than bundled ones, as agencies observe (auto
 * alone keeps about 83% a year, home and auto together about 95%).
 *
 * Pure and deterministic: the same random stream and as-of day give the same story. Every date is
 * counted from the as-of day, so the book looks current whenever it is seeded.
 */

/** A line as an AMS spells it, with the median annual premium its policies are drawn around. */
export type LineChoice = readonly [line: string, medianPremium: number];

export interface StoryPolicy {
  line: string;
  premium: string;
  effective: string;
  expiration: string;
  status: 'active' | 'cancelled' | 'expired';
  cancellation: string | null;
  expiredOn: string | null;
}

/** How many days the story covers: past the backfill's first month-end (36 months before the as-of month). */
export const STORY_DAYS = 1_130;

/** Chances per year (per month they are divided by 12: all are small). */
const YEARLY = {
  /** Leaving, by number of distinct lines held (1, 2, 3+). */
  churn: [0.17, 0.08, 0.035] as const,
  /** Organizations move their accounts less often than households. */
  organizationChurnFactor: 0.7,
  rewrite: 0.05,
  crossSell: 0.1,
  dropLine: 0.04,
};
/** A renewal at a new premium starts a new policy (the data model keeps one row per policy). */
const PREMIUM_CHANGE_AT_RENEWAL = 0.12;
const COME_BACK = 0.15;
/** Leavers who cancel on one day (moving to another agency) rather than letting each policy run out. */
const CANCEL_ALL_AT_ONCE = 0.55;
/** Ended policies the AMS still lists as active: they end by their expiration date alone. */
const EXPIRED_BY_DATE_ONLY = 0.25;

/**
 * Days as whole numbers counted from the as-of day (0; the past is negative): the simulation
 * steps through them month by month for every customer, and turns them into dates only at the end.
 */
export interface StoryCalendar {
  date(day: number): string;
  /** The same calendar date a year after `day` (a policy term). */
  yearAfter(day: number): number;
}

export function storyCalendar(asOf: string): StoryCalendar {
  const dates = new Map<number, string>();
  const years = new Map<number, number>();
  const epoch = Date.parse(`${asOf}T00:00:00Z`);
  const date = (day: number) => {
    let known = dates.get(day);
    if (known === undefined) dates.set(day, (known = addDays(asOf, day)));
    return known;
  };
  const yearAfter = (day: number) => {
    let known = years.get(day);
    if (known === undefined) years.set(day, (known = Math.round((Date.parse(`${addYears(date(day), 1)}T00:00:00Z`) - epoch) / 86_400_000)));
    return known;
  };
  return { date, yearAfter };
}

interface Term {
  line: string;
  key: string;
  median: number;
  cents: number;
  start: number;
  /** The day the current term ends (and renews, unless the policy ended before or lapses). */
  renewal: number;
  /** Set when the customer decided not to renew it: it ends at its renewal. */
  lapsing?: boolean;
  end?: number;
  ending?: 'renewed' | 'lapsed' | 'cancelled';
}

/** Lognormal premium around a median, in whole cents (at least $50). */
export function premiumCents(random: Random, median: number): number {
  return Math.max(5000, Math.round(median * Math.exp(0.6 * random.normal()) * 100));
}

const scaled = (random: Random, cents: number, drift: number, spread: number) =>
  Math.max(5000, Math.round(cents * Math.exp(drift + spread * random.normal())));

const monthly = (yearly: number) => yearly / 12;

export interface StoryOptions {
  calendar: StoryCalendar;
  lines: readonly LineChoice[];
  organization: boolean;
  /** The day a new customer's first policies start; null for a customer since before the story. */
  arrival: number | null;
  /** How many policies the customer starts with. */
  initialPolicies: number;
}

export function customerStory(random: Random, options: StoryOptions): StoryPolicy[] {
  const { calendar, lines, organization, arrival } = options;
  const terms: Term[] = [];
  // The terms not ended yet: looked at every month, so kept rather than filtered each time.
  let open: Term[] = [];
  const openLine = ([line, median]: LineChoice, start: number, cents = premiumCents(random, median)) => {
    const term = { line, key: normalizeLineOfBusiness(line), median, cents, start, renewal: calendar.yearAfter(start) };
    terms.push(term);
    open.push(term);
  };
  /** Another line the customer does not hold yet (cross-sell), if the catalogue has one. */
  const addMissingLine = (day: number) => {
    const held = new Set(open.map((term) => term.key));
    const missing = lines.filter(([line]) => !held.has(normalizeLineOfBusiness(line)));
    if (missing.length > 0) openLine(random.pick(missing), day);
  };
  const close = (term: Term, day: number, ending: NonNullable<Term['ending']>) => {
    term.end = day;
    term.ending = ending;
    open = open.filter((other) => other !== term);
  };

  for (let p = 0; p < options.initialPolicies; p += 1) {
    // A customer from before the story holds terms that started within the year before it.
    openLine(random.pick(lines), arrival ?? -STORY_DAYS - random.int(0, 364));
  }

  const renewUntil = (before: number) => {
    if (!open.some((term) => term.renewal < before)) return;
    for (const term of [...open]) {
      while (term.end === undefined && term.renewal < before) {
        if (term.lapsing) close(term, term.renewal, 'lapsed');
        else if (random.next() < PREMIUM_CHANGE_AT_RENEWAL) {
          close(term, term.renewal, 'renewed');
          const spread = organization ? 0.12 : 0.07;
          openLine([term.line, term.median], term.renewal, scaled(random, term.cents, 0.05, spread));
        } else term.renewal = calendar.yearAfter(term.renewal);
      }
    }
  };

  let comesBackOn: number | null = null;
  const happen = (day: number) => {
    if (open.length === 0) {
      if (comesBackOn !== null && day >= comesBackOn) {
        // Back, mostly with a line held before.
        const before = lines.filter(([line]) => terms.some((term) => term.line === line));
        openLine(random.next() < 0.7 && before.length > 0 ? random.pick(before) : random.pick(lines), day);
        comesBackOn = null;
      }
      return;
    }
    // One event at most a month, each with its chance: leaving, a rewrite (per policy), a new line,
    // a dropped line. Most months nothing happens: the sum of the largest chances says so early.
    let roll = random.next();
    if (roll >= monthly(YEARLY.churn[0] + YEARLY.rewrite * open.length + YEARLY.crossSell + YEARLY.dropLine)) return;
    const staying = open.filter((term) => !term.lapsing);
    if (staying.length === 0) return;
    const held = new Set(staying.map((term) => term.key));
    const chances = [
      monthly(YEARLY.churn[Math.min(held.size, 3) - 1]!) * (organization ? YEARLY.organizationChurnFactor : 1),
      monthly(YEARLY.rewrite) * staying.length,
      monthly(YEARLY.crossSell),
      held.size >= 2 ? monthly(YEARLY.dropLine) : 0,
    ];
    const event = chances.findIndex((chance) => (roll -= chance) < 0);
    // Only terms that began before the day can end on it (a policy in force for no day is no policy).
    const endable = staying.filter((term) => term.start < day);
    if (event === 0) {
      const cancelAll = random.next() < CANCEL_ALL_AT_ONCE;
      for (const term of staying) {
        if (cancelAll && term.start < day) close(term, day, 'cancelled');
        else term.lapsing = true;
      }
      if (random.next() < COME_BACK) comesBackOn = day + random.int(90, 420);
    } else if (event === 1 && endable.length > 0) {
      // Rewritten under a new number on the same line the same day, usually at a better rate.
      const term = random.pick(endable);
      close(term, day, 'cancelled');
      openLine([term.line, term.median], day, scaled(random, term.cents, -0.03, 0.08));
    } else if (event === 2) {
      addMissingLine(day);
    } else if (event === 3 && endable.length > 0) {
      const term = random.pick(endable);
      if (random.next() < 0.5) close(term, day, 'cancelled');
      else term.lapsing = true;
    }
  };

  // Month by month from the customer's first day in the story to the as-of day: the renewals
  // before the month's event day, the event, then the month's other renewals.
  for (let from = arrival ?? -STORY_DAYS; from <= 0; from += 30) {
    const until = Math.min(from + 30, 1);
    const day = from + random.int(0, 29);
    if (day < until) {
      renewUntil(day + 1);
      happen(day);
    }
    renewUntil(until);
  }
  // Business already bound for the weeks ahead: another line for a few customers.
  if (open.length > 0 && (arrival === null || arrival <= 0) && random.next() < 0.03) addMissingLine(random.int(1, 60));
  return terms.map((term) => asExported(random, term, calendar));
}

/** A term as the AMS lists it today: status and dates. */
function asExported(random: Random, term: Term, calendar: StoryCalendar): StoryPolicy {
  const { date } = calendar;
  const base = {
    line: term.line,
    premium: (term.cents / 100).toFixed(2),
    effective: date(term.start),
    cancellation: null,
    expiredOn: null,
  };
  if (term.end === undefined) return { ...base, expiration: date(term.renewal), status: 'active' };
  if (term.ending === 'cancelled') return { ...base, expiration: date(term.renewal), status: 'cancelled', cancellation: date(term.end) };
  // Ended at its expiration: mostly marked expired by a later import, some still listed as active.
  if (term.ending === 'lapsed' && random.next() < EXPIRED_BY_DATE_ONLY) return { ...base, expiration: date(term.end), status: 'active' };
  return { ...base, expiration: date(term.end), status: 'expired', expiredOn: date(Math.min(term.end + random.int(0, 27), 0)) };
}
