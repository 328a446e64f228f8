/**
 * The usage report as people read it in a terminal: one line per agency and week, aligned
 * columns, and per week how many agencies opened the dashboard at all (the seed's adoption rate).
 */
import { OUTREACH, type UsageWeek } from './report';

const HEADER = [
  'Week (Mon–Sun, UTC)',
  'Agency',
  'Views',
  'Refreshes',
  'manual/rules/import/scheduled',
  'Exports',
  'rows',
  'Imports',
  'rows',
];
const NUMERIC = new Set([2, 3, 5, 6, 7, 8]);
const n = (value: number) => value.toLocaleString('en-US');

export function usageTable(report: readonly UsageWeek[]): string {
  const lines = report.map((row) => [
    `${row.week.from} – ${row.week.to}`,
    row.agency.slug,
    n(row.dashboardViews),
    n(row.refreshes.total),
    [row.refreshes.manual, row.refreshes.rulesChange, row.refreshes.import, row.refreshes.scheduled].map(n).join('/'),
    n(row.exports.count),
    n(row.exports.rows),
    n(row.imports.count),
    n(row.imports.rows),
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (NUMERIC.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const weeks = [...new Set(report.map((row) => row.week.from))];
  const adoption = weeks.map((week) => {
    const rows = report.filter((row) => row.week.from === week);
    const looked = rows.filter((row) => row.dashboardViews > 0).length;
    return `Week of ${week}: ${looked} of ${rows.length} ${rows.length === 1 ? 'agency' : 'agencies'} opened the dashboard.`;
  });
  return [format(HEADER), ...lines.map(format), '', ...adoption, `Outreach: ${OUTREACH} (the product does not track outreach).`].join('\n');
}
