import type { AlertMessage } from './alert-webhook';
import { formatSloValue, objectiveText, thresholdText, windowText, type SloDefinition, type SloLevel } from './table';

/**
 * The words of an alert: one Slack-compatible message per change of an SLO's level (a breach,
 * an escalation, a step down, a recovery). What it may carry: the SLO, its value and thresholds,
 * request counts, and for data freshness the slugs of the agencies concerned (at most a few);
 * never a customer, a name, an email or an error text someone's data could be in.
 */
export interface LevelChange {
  slo: SloDefinition;
  from: SloLevel;
  to: SloLevel;
  value: number;
  /** Counts behind the value ("12 of 1,234 requests failed"), or the stale agencies by slug. */
  detail: string;
  at: Date;
  /** When the SLO reached `from` (how long it lasted, in a recovery). */
  fromSince: Date;
}

/** Where the message comes from: each replica judges its own requests, so it says which one. */
export interface AlertSource {
  service: string;
  version: string;
  commit: string | null;
  replica: string;
}

const HEADLINE: Record<SloLevel, string> = { critical: '🔴 CRITICAL', warning: '⚠️ WARNING', ok: '✅ RECOVERED' };
const RANK: Record<SloLevel, number> = { ok: 0, warning: 1, critical: 2 };

/** Slack's mrkdwn reads &, < and > as markup. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function lasted(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export function alertMessage(change: LevelChange, source: AlertSource): AlertMessage {
  const { slo, from, to } = change;
  const value = formatSloValue(slo, change.value);
  const direction = to === 'ok' ? '' : RANK[to] > RANK[from] ? '' : ` (down from ${from})`;
  const headline = `${HEADLINE[to]}${direction}: ${slo.name} ${value}`;
  const why =
    to === 'ok'
      ? `Back within its objective (${objectiveText(slo)}) after ${lasted(change.fromSince, change.at)} at ${from}.`
      : `Objective ${objectiveText(slo)}; ${to} ${thresholdText(slo, to)}.`;
  const where = `${windowText(slo)} on ${source.replica}`;
  const text = `${headline}. ${why} ${change.detail} (${where}; ${source.service} ${source.version}${source.commit ? ` ${source.commit}` : ''}; ${change.at.toISOString()}) First look: ${slo.firstLook}.`;
  return {
    about: { slo: slo.id, from, to },
    body: {
      text,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${escapeMrkdwn(headline)}*\n${escapeMrkdwn(why)}\n${escapeMrkdwn(change.detail)}\nFirst look: ${escapeMrkdwn(slo.firstLook)}`,
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: escapeMrkdwn(
                `${slo.measures}; warning ${thresholdText(slo, 'warning')}, critical ${thresholdText(slo, 'critical')}; ${where}; ${source.service} ${source.version}${source.commit ? ` (${source.commit})` : ''}; ${change.at.toISOString()}`,
              ),
            },
          ],
        },
      ],
    },
  };
}
