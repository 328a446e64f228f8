import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RequestWindow, SUMMARY_ROUTE } from '@/lib/observability/slo/request-window';
import { formatSloValue, levelOf, objectiveText, sloById, SLOS, thresholdText, windowText } from '@/lib/observability/slo/table';
import { STALE_AFTER_HOURS } from '@/lib/segmentation/freshness';

const DEPLOYMENT = readFileSync(path.resolve(import.meta.dirname, '../../docs/DEPLOYMENT.md'), 'utf8');

/** The SLO table as docs/DEPLOYMENT.md must show it, rendered from the one in the code. */
function tableFromCode(): string {
  const rows = SLOS.map((slo) =>
    [
      slo.name,
      slo.measures,
      objectiveText(slo),
      thresholdText(slo, 'warning'),
      thresholdText(slo, 'critical'),
      windowText(slo),
      slo.windowMinutes === null ? '—' : String(slo.minSamples),
      slo.firstLook,
    ].join(' | '),
  );
  return [
    '| SLO | what is measured | objective | warning | critical | judged on | fewest to judge | first look |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

describe('the SLO table', () => {
  it('is the one docs/DEPLOYMENT.md shows (copy the expected table there when it changes)', () => {
    const expected = tableFromCode();
    expect(DEPLOYMENT.includes(expected), `docs/DEPLOYMENT.md should contain:\n\n${expected}\n`).toBe(true);
  });

  it('holds SPEC §13’s objectives, each with a warning no laxer than its critical, and freshness on the dashboard’s own rule', () => {
    expect(SLOS.map((slo) => `${slo.name} ${objectiveText(slo)}`)).toEqual([
      'Availability at least 99.9%',
      'Summary p95 under 500 ms',
      'Error rate under 0.1%',
      'Data freshness under 26 h',
    ]);
    for (const slo of SLOS) {
      expect(levelOf(slo, slo.warning), slo.id).toBe('ok');
      expect(levelOf(slo, slo.critical), slo.id).not.toBe('critical');
      expect(slo.badWhen === 'below' ? slo.critical < slo.warning : slo.critical > slo.warning, slo.id).toBe(true);
    }
    expect(sloById('data-freshness').warning).toBe(STALE_AFTER_HOURS);
  });

  it('puts a value at the level its thresholds say, on either side', () => {
    const availability = sloById('availability');
    expect([99.95, 99.9, 99.5, 98.9].map((value) => levelOf(availability, value))).toEqual(['ok', 'ok', 'warning', 'critical']);
    const latency = sloById('summary-latency');
    expect([120, 500, 501, 1000, 1001].map((value) => levelOf(latency, value))).toEqual(['ok', 'ok', 'warning', 'warning', 'critical']);
    expect(formatSloValue(sloById('data-freshness'), Infinity)).toBe('never computed');
    expect(formatSloValue(sloById('error-rate'), 100 / 11)).toBe('9.1%');
    expect(formatSloValue(availability, 99.951)).toBe('99.95%');
  });
});

describe('the sliding window of requests', () => {
  const T0 = Date.UTC(2026, 2, 3, 14, 0, 0);
  const request = (status: number, route = '/api/customers', durationMs = 10) => ({ route, method: 'GET', status, durationMs });
  const summary = (durationMs: number, status = 200) => ({ ...SUMMARY_ROUTE, status, durationMs });

  it('counts 5xx as failures, 4xx not, and leaves out the scraper’s and the health check’s requests', () => {
    const window = new RequestWindow(3_600_000);
    for (const status of [200, 201, 302, 400, 401, 404, 429, 500, 502, 503]) window.record(request(status), T0);
    window.record(request(503, '/api/health'), T0);
    window.record(request(200, '/api/metrics'), T0);
    expect(window.counts(T0, 300_000)).toEqual({ requests: 10, serverErrors: 3 });
  });

  it('forgets what is older than the window, and keeps no more than its longest window', () => {
    const window = new RequestWindow(3_600_000);
    window.record(request(500), T0);
    window.record(request(200), T0 + 4 * 60_000);
    expect(window.counts(T0 + 5 * 60_000 - 1, 300_000)).toEqual({ requests: 2, serverErrors: 1 });
    expect(window.counts(T0 + 5 * 60_000 + 10_000, 300_000)).toEqual({ requests: 1, serverErrors: 0 });
    expect(window.counts(T0 + 59 * 60_000, 3_600_000)).toEqual({ requests: 2, serverErrors: 1 });
    window.record(request(200), T0 + 61 * 60_000);
    expect(window.counts(T0 + 61 * 60_000, 24 * 3_600_000)).toEqual({ requests: 2, serverErrors: 0 });
  });

  it('gives the p95 of successful summaries only, to the millisecond', () => {
    const window = new RequestWindow(3_600_000);
    for (let i = 1; i <= 100; i += 1) window.record(summary(i + 0.4), T0 + i * 1000);
    // Failed summaries and other routes, however slow or fast, are not the summary's latency.
    window.record(summary(5, 503), T0);
    window.record(summary(3, 401), T0);
    window.record(request(200, '/api/customers', 9_000), T0);
    window.record({ ...SUMMARY_ROUTE, method: 'HEAD', status: 200, durationMs: 9_000 }, T0);
    expect(window.summaryPercentile(T0 + 100_000, 300_000)).toEqual({ samples: 100, valueMs: 96 });
    expect(window.summaryPercentile(T0 + 100_000 + 300_000, 300_000)).toEqual({ samples: 0, valueMs: null });
  });
});
