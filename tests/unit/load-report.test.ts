import { describe, expect, it } from 'vitest';
import { loadReport, summaryVerdict } from '../../scripts/load-report';
import type { LoadResult } from '../../scripts/load-run';

const summary = (overrides: Partial<LoadResult> = {}): LoadResult => ({
  target: 'summary',
  path: '/api/analytics/segmentation',
  connections: 10,
  durationSeconds: 20,
  requests: 17_000,
  requestsPerSecond: 850,
  p50: 9,
  p95: 20,
  p99: 40,
  max: 70,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  statusCodes: { '200': 17_000 },
  loadAverageAtStart: [0.4, 0.6, 0.8],
  serverTiming: { db: { p50: 2, p95: 4, p99: 6 }, handler: { p50: 5, p95: 9, p99: 12 } },
  cpuMsPerRequest: { server: 1.2, postgres: 0.6, loadGenerator: 0.1 },
  window: { startMicros: 0, endMicros: 20_000_000 },
  ...overrides,
});

describe('the bench:load verdict on the summary target (≥ 800 req/s, 0 errors, p99 ≤ 50 ms)', () => {
  it('says the target is met only when all three hold', () => {
    expect(summaryVerdict(summary())).toBe('**Summary target met:** 850 req/s, 0 errors, p99 40.0 ms.');
  });

  it('names every part it missed', () => {
    const verdict = summaryVerdict(summary({ requestsPerSecond: 799.6, non2xx: 3, statusCodes: { '200': 16_997, '429': 3 }, p99: 50.1 }));
    expect(verdict).toBe('**Summary target not met:** 799.6 req/s, not ≥ 800; 3 non-2xx and 0 errors, not 0; p99 50.1 ms, not ≤ 50 ms.');
  });

  it('does not count a run that measured nothing as met', () => {
    expect(summaryVerdict(summary({ requests: 0, requestsPerSecond: 0, p50: NaN, p95: NaN, p99: NaN }))).toMatch(/not met.*p99 – ms/);
  });

  it('tells in the report when users met their read limit, so the figures are not mistaken for the server’s', () => {
    const { markdown } = loadReport({
      date: '2026-11-30',
      machine: '2 cores',
      command: 'npm run bench:load',
      customers: 100_000,
      policies: 250_000,
      users: 500,
      settings: { connections: 10, durationSeconds: 20, warmupSeconds: 5 },
      results: [summary({ non2xx: 40, statusCodes: { '200': 16_960, '429': 40 } })],
      serverErrors: 0,
      seedFailures: [],
      profile: null,
    });
    expect(markdown).toContain('| 40 (40×429) |');
    expect(markdown).toContain('**summary met the per-user read limit (429):**');
  });
});
