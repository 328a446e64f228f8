/**
 * What the smoke test reads from the server-rendered pages, keyed on the components' stable
 * data-testid hooks (the same the browser tests use), never on wording or layout. Parsed with
 * cheerio (parse5, the HTML standard's parsing algorithm): Next streams parts of a page in
 * hidden chunks that a browser moves into place, and those are read here as they arrive.
 */
import { load } from 'cheerio';

export interface DashboardPage {
  /** The tier of each card, in page order (`tier-card-<tier>`). */
  tiers: string[];
  /** Each card's customer count as shown ("1,234"). */
  counts: Record<string, string>;
  /** The data badge's text: "● Live Data" or "○ Demo Data"; null when absent. */
  badge: string | null;
  dataMode: 'live' | 'demo' | null;
  agencyName: string | null;
}

const BADGE_MODES: Record<string, 'live' | 'demo'> = { '● Live Data': 'live', '○ Demo Data': 'demo' };

const text = (value: string) => value.replace(/\s+/g, ' ').trim();

export function readDashboard(html: string): DashboardPage {
  const $ = load(html);
  const tiers: string[] = [];
  const counts: Record<string, string> = {};
  $('[data-testid^="tier-card-"]').each((_, card) => {
    const tier = $(card).attr('data-testid')!.slice('tier-card-'.length);
    tiers.push(tier);
    counts[tier] = text($(card).find(`[data-testid="tier-count-${tier}"]`).text());
  });
  const badgeElement = $('[data-testid="data-mode-badge"]').first();
  const badge = badgeElement.length ? text(badgeElement.text()) : null;
  const agency = $('[data-testid="agency-name"]').first();
  return {
    tiers,
    counts,
    badge,
    dataMode: badge ? (BADGE_MODES[badge] ?? null) : null,
    agencyName: agency.length ? text(agency.text()) : null,
  };
}

export interface TierListPage {
  /** Customer rows in the list's table. */
  rows: number;
  /** The page says the agency has no customers to list (demo data). */
  emptyAgency: boolean;
  /** A refusal or problem the page shows instead of the list. */
  problem: string | null;
}

export function readTierList(html: string): TierListPage {
  const $ = load(html);
  const problem = $('[data-testid="list-problem"]').first();
  return {
    rows: $('[data-testid="tier-customers"] tbody tr').length,
    emptyAgency: $('[data-testid="empty-agency"]').length > 0,
    problem: problem.length ? text(problem.text()) : null,
  };
}
