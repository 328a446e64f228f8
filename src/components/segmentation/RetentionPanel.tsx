import type { ReactNode } from 'react';
import { loadPageData } from '@/lib/http/run-page-use-case';
import type { RetentionFigures } from '@/lib/segmentation/retention';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { getHistoryBackfill } from '@/lib/segmentation/use-cases/history-backfill';
import { getRetention } from '@/lib/segmentation/use-cases/retention';
import { roleHas } from '@/lib/tenancy/permissions';
import { formatCount, formatCurrency, formatDate, formatShare } from '../format';
import { HistoryBackfill } from './HistoryBackfill';

/**
 * The dashboard's retention panel (SPEC §11), rendered on the server from the same use cases as
 * GET …/retention and GET …/history: customer, line and premium retention over the 12 months to
 * the latest month-end, each figure with its definition in words, then by tier and by number of
 * lines a year before. Without that much history it says why, and offers owners and admins to
 * compute it (the HistoryBackfill island).
 */
const PATH = '/analytics/segmentation';

const counted = (count: number, noun: string) => `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
const isAre = (count: number) => (count === 1 ? 'is' : 'are');
const rateText = (rate: string | null) => (rate === null ? '—' : formatShare(Number(rate)));

function Definition(props: { label: string; rate: string | null; testId: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 p-4" data-testid={props.testId}>
      <dt className="text-sm font-semibold text-slate-700">{props.label}</dt>
      <dd className="mt-1">
        <span className="text-3xl font-bold text-slate-900 tabular-nums">{rateText(props.rate)}</span>
        <p className="mt-2 text-sm text-slate-700">{props.children}</p>
      </dd>
    </div>
  );
}

/** One row of the table: the cohort and its three retentions, each with what it is made of. */
function CohortRow({ label, figures }: { label: string; figures: RetentionFigures }) {
  const cell = (rate: string | null, detail: string) => (
    <td className="py-2 pr-2 align-top tabular-nums">
      <span className="font-semibold text-slate-900">{rateText(rate)}</span>
      <span className="block text-xs text-slate-600">{detail}</span>
    </td>
  );
  const none = figures.customersThen === 0;
  return (
    <tr className="border-t border-slate-100">
      <th scope="row" className="py-2 pr-2 text-left align-top font-medium">
        {label}
      </th>
      {none ? (
        <td colSpan={3} className="py-2 text-slate-600">
          No customers then
        </td>
      ) : (
        <>
          {cell(figures.customerRate, `${formatCount(figures.customersRetained)} of ${formatCount(figures.customersThen)}`)}
          {cell(figures.lineRate, `${formatCount(figures.linesRetained)} of ${formatCount(figures.linesThen)}`)}
          {cell(figures.premiumRate, `${formatCurrency(Number(figures.premiumNow))} of ${formatCurrency(Number(figures.premiumThen))}`)}
        </>
      )}
    </tr>
  );
}

function GroupHeading({ children }: { children: ReactNode }) {
  return (
    <tr className="border-t border-slate-200">
      <th scope="rowgroup" colSpan={4} className="pt-3 pb-1 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {children}
      </th>
    </tr>
  );
}

export async function RetentionPanel() {
  const [retention, history] = await Promise.all([
    loadPageData(getRetention, { path: PATH }),
    loadPageData(getHistoryBackfill, { path: PATH }),
  ]);
  if (!retention || !history) return null;
  const { asOf, since, overall, byTier, byLines, empty } = retention.value;
  const state = history.value;
  const run = state.run;
  // History is missing: customers, but snapshots reaching back less than a year.
  const offer = state.hasCustomers && !state.history.reachesYearBack;
  const canStart = roleHas(history.agency.role, 'insights:refresh');
  // There is history an owner or admin may compute again (after an import corrected past dates).
  const recompute = canStart && state.hasCustomers && state.history.snapshotDays > 0;
  const then = since ? formatDate(since) : '';
  const now = asOf ? formatDate(asOf) : '';

  return (
    <section
      aria-labelledby="retention-heading"
      className="mt-6 rounded-2xl border border-slate-200 bg-white p-4 sm:p-6"
      data-testid="retention-panel"
    >
      <h2 id="retention-heading" className="text-lg font-bold text-slate-900">
        Retention
      </h2>
      {overall && asOf && since ? (
        <>
          <p className="mt-1 text-sm text-slate-700">
            Over the 12 months from {then} to {now}, the latest month-end snapshot with a year of history before it.
          </p>
          <dl className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
            <Definition label="Customer retention" rate={overall.customerRate} testId="retention-customers">
              Of the {counted(overall.customersThen, 'customer')} in force on {then}, {formatCount(overall.customersRetained)}{' '}
              {isAre(overall.customersRetained)} in force on {now}.
            </Definition>
            <Definition label="Line retention" rate={overall.lineRate} testId="retention-lines">
              Of the {counted(overall.linesThen, 'line')} those customers held on {then} (each customer and line of business once),{' '}
              {formatCount(overall.linesRetained)} {isAre(overall.linesRetained)} still held on {now}. A policy rewritten under a new number
              counts as kept.
            </Definition>
            <Definition label="Premium retention" rate={overall.premiumRate} testId="retention-premium">
              Those customers paid {formatCurrency(Number(overall.premiumThen))} a year on {then} and pay{' '}
              {formatCurrency(Number(overall.premiumNow))} on {now}. Lines they added since count, so this can pass 100%.
            </Definition>
          </dl>
          <div className="mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label="Retention by tier and by number of lines">
            <table className="w-full text-sm" data-testid="retention-table">
              <caption className="sr-only">
                Customer, line and premium retention from {then} to {now}, for all customers, by tier on {then} and by number of lines on{' '}
                {then}
              </caption>
              <thead>
                <tr className="text-left text-xs text-slate-600">
                  <th scope="col" className="pr-2 pb-1 font-semibold">
                    Customers on {then}
                  </th>
                  <th scope="col" className="pr-2 pb-1 font-semibold">
                    Customers kept
                  </th>
                  <th scope="col" className="pr-2 pb-1 font-semibold">
                    Lines kept
                  </th>
                  <th scope="col" className="pb-1 font-semibold">
                    Premium now of then
                  </th>
                </tr>
              </thead>
              <tbody>
                <CohortRow label="All" figures={overall} />
              </tbody>
              <tbody>
                <GroupHeading>By tier on {then}</GroupHeading>
                {byTier.map(({ tier, ...figures }) => (
                  <CohortRow key={tier} label={TIER_INFO[tier].label} figures={figures} />
                ))}
              </tbody>
              <tbody>
                <GroupHeading>By number of lines on {then}</GroupHeading>
                {byLines.map(({ lines, ...figures }) => (
                  <CohortRow
                    key={lines}
                    label={lines === '1' ? '1 line' : lines === '3+' ? '3 or more lines' : `${lines} lines`}
                    figures={figures}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-700" data-testid="retention-empty">
          {!state.hasCustomers
            ? 'Retention shows once your book of business is imported: its history is then computed from policy dates.'
            : empty?.reason === 'no-history'
              ? `Retention compares each month-end with the same day a year before, so it needs 12 months of history. ${
                  state.history.earliest
                    ? `This agency's snapshots go back to ${formatDate(state.history.earliest)} only.`
                    : 'This agency has no snapshots yet.'
                }`
              : empty?.message}
        </p>
      )}
      {(offer || run || recompute) && (
        <div className="mt-4">
          <HistoryBackfill
            key={`${run?.id ?? 'none'}:${run?.status ?? 'none'}`}
            agencyId={history.agency.agencyId}
            run={
              run && {
                status: run.status,
                monthsDone: run.monthsDone,
                monthsTotal: run.monthsTotal,
                monthsComputed: run.monthsComputed,
                error: run.error,
                finishedAt: run.finishedAt?.toISOString() ?? null,
              }
            }
            months={state.months}
            canStart={canStart}
            offer={offer}
            recompute={recompute}
          />
        </div>
      )}
    </section>
  );
}
