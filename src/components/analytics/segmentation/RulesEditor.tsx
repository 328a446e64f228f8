'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { RuleHistoryEntry, TierPreview } from '@/lib/insights/rules-editor';
import { describeTierRules, type SegmentationRules, type TierRule } from '@/lib/segmentation/rules';
import { RULED_TIERS, TIER_INFO, type RuledTier } from '@/lib/segmentation/tiers';
import { formatCount, formatCurrency } from '../format';

interface Settings {
  rules: SegmentationRules;
  version: number;
  history: RuleHistoryEntry[];
}
interface Preview {
  asOf: string | null;
  segments: TierPreview[];
}
type FieldErrors = Record<string, string>;

const MAX_RULES = 4;

async function postPreview(rules: SegmentationRules): Promise<{ preview?: Preview; errors?: FieldErrors; message?: string }> {
  const response = await fetch('/api/analytics/segmentation/settings/preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  const body = await response.json().catch(() => null);
  if (response.ok) return { preview: body as Preview };
  const errors = Object.fromEntries(
    ((body?.errors ?? []) as { field: string; message: string }[]).map((e) => [e.field.replace(/^body\.rules\./, ''), e.message]),
  );
  return { errors, message: body?.detail ?? 'The preview is not available right now.' };
}

/**
 * Edits the agency's tier rules with a what-if preview of count and premium per tier (computed by
 * the server from the last refresh, debounced while typing), then saves them as the next version.
 */
export function RulesEditor({ initial, canEdit }: { initial: Settings; canEdit: boolean }) {
  const [rules, setRules] = useState<SegmentationRules>(initial.rules);
  const [baseline, setBaseline] = useState<Preview | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!canEdit) return;
    void postPreview(initial.rules).then((result) => setBaseline(result.preview ?? null));
  }, [canEdit, initial.rules]);

  useEffect(() => {
    if (!canEdit) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void postPreview(rules).then((result) => {
        setErrors(result.errors ?? {});
        if (result.preview) setPreview(result.preview);
      });
    }, 350);
    return () => clearTimeout(timer.current);
  }, [rules, canEdit]);

  const update = (tier: RuledTier, index: number, change: Partial<TierRule>) =>
    setRules((current) => ({ ...current, [tier]: current[tier].map((rule, i) => (i === index ? { ...rule, ...change } : rule)) }));

  async function save() {
    setStatus({ kind: 'saving' });
    const response = await fetch('/api/analytics/segmentation/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules, expectedVersion: initial.version }),
    });
    const body = await response.json().catch(() => null);
    if (response.ok) {
      setStatus({ kind: 'saved', message: `Saved as version ${body.settings.version}; the tiers were recomputed.` });
    } else {
      setStatus({ kind: 'error', message: body?.detail ?? 'The rules could not be saved.' });
    }
  }

  return (
    <div className="space-y-6">
      {canEdit ? (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {RULED_TIERS.map((tier) => (
            <fieldset
              key={tier}
              className="rounded-2xl border border-slate-200 bg-white p-4"
              style={{ borderTop: `4px solid ${TIER_INFO[tier].color}` }}
            >
              <legend className="px-1 text-lg font-bold" style={{ color: TIER_INFO[tier].color }}>
                {TIER_INFO[tier].label}
              </legend>
              <p className="text-sm text-slate-700">Any of these rules: {describeTierRules(rules, tier)}.</p>
              {errors[tier] && <p className="mt-1 text-sm text-red-800">{errors[tier]}</p>}
              <ul className="mt-3 space-y-3">
                {rules[tier].map((rule, index) => (
                  <li key={index} className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                    <label className="flex flex-col gap-1 text-sm font-medium">
                      {TIER_INFO[tier].label} rule {index + 1}: minimum annual premium ($)
                      <input
                        type="number"
                        inputMode="decimal"
                        min={0}
                        step="0.01"
                        value={Number.isNaN(rule.minPremium) ? '' : rule.minPremium}
                        onChange={(event) => update(tier, index, { minPremium: event.target.valueAsNumber })}
                        aria-invalid={Boolean(errors[`${tier}.${index}.minPremium`])}
                        className="min-h-11 rounded-lg border border-slate-300 px-3 font-normal"
                      />
                      {errors[`${tier}.${index}.minPremium`] && (
                        <span className="text-red-800">{errors[`${tier}.${index}.minPremium`]}</span>
                      )}
                    </label>
                    <label className="flex flex-col gap-1 text-sm font-medium">
                      {TIER_INFO[tier].label} rule {index + 1}: minimum lines
                      <input
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={50}
                        step="1"
                        value={Number.isNaN(rule.minLines) ? '' : rule.minLines}
                        onChange={(event) => update(tier, index, { minLines: event.target.valueAsNumber })}
                        aria-invalid={Boolean(errors[`${tier}.${index}.minLines`])}
                        className="min-h-11 rounded-lg border border-slate-300 px-3 font-normal"
                      />
                      {errors[`${tier}.${index}.minLines`] && <span className="text-red-800">{errors[`${tier}.${index}.minLines`]}</span>}
                    </label>
                    <button
                      type="button"
                      disabled={rules[tier].length === 1}
                      onClick={() => setRules((current) => ({ ...current, [tier]: current[tier].filter((_, i) => i !== index) }))}
                      className="min-h-11 rounded-lg border border-slate-300 px-3 text-sm font-semibold disabled:opacity-50"
                    >
                      Remove rule {index + 1}
                    </button>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                disabled={rules[tier].length >= MAX_RULES}
                onClick={() => setRules((current) => ({ ...current, [tier]: [...current[tier], { minPremium: 0, minLines: 1 }] }))}
                className="mt-3 min-h-11 rounded-lg border border-slate-300 px-3 text-sm font-semibold disabled:opacity-50"
              >
                Add a {TIER_INFO[tier].label} rule
              </button>
            </fieldset>
          ))}

          <section aria-labelledby="preview-heading" className="rounded-2xl border border-slate-200 bg-white p-4" aria-live="polite">
            <h2 id="preview-heading" className="text-lg font-bold">
              What-if preview
            </h2>
            <p className="text-sm text-slate-700">
              Your agency&apos;s customers {preview?.asOf ? `as of ${preview.asOf}` : ''}, tiered by the rules above.
            </p>
            <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="What-if preview table">
              <table className="w-full min-w-[28rem] text-left text-sm" data-testid="rules-preview">
                <thead className="text-slate-600">
                  <tr>
                    <th className="py-1 pr-3">Tier</th>
                    <th className="py-1 pr-3 text-right">Now</th>
                    <th className="py-1 pr-3 text-right">With these rules</th>
                    <th className="py-1 text-right">Premium with these rules</th>
                  </tr>
                </thead>
                <tbody>
                  {(preview?.segments ?? []).map((segment) => (
                    <tr key={segment.tier} className="border-t border-slate-100" data-testid={`preview-${segment.tier}`}>
                      <td className="py-1 pr-3 font-semibold">{TIER_INFO[segment.tier].label}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">
                        {formatCount(baseline?.segments.find((b) => b.tier === segment.tier)?.customers ?? 0)}
                      </td>
                      <td className="py-1 pr-3 text-right tabular-nums" data-testid={`preview-count-${segment.tier}`}>
                        {formatCount(segment.customers)}
                      </td>
                      <td className="py-1 text-right tabular-nums">{formatCurrency(Number(segment.annualPremium))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {status.message && (
            <p role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind === 'error' ? 'text-red-800' : 'text-green-800'}>
              {status.message}{' '}
              {status.kind === 'saved' && (
                <Link href="/analytics/segmentation" className="font-semibold underline">
                  See the dashboard
                </Link>
              )}
            </p>
          )}
          <button
            type="submit"
            disabled={status.kind === 'saving' || status.kind === 'saved' || Object.keys(errors).length > 0}
            className="min-h-11 rounded-lg bg-brand-600 px-5 font-semibold text-white disabled:opacity-50"
          >
            {status.kind === 'saving' ? 'Saving and recomputing…' : 'Save rules'}
          </button>
        </form>
      ) : (
        <section className="rounded-2xl border border-slate-200 bg-white p-4 text-sm">
          <p>Only owners and admins change the rules. The rules in force:</p>
          <ul className="mt-2 space-y-1">
            {RULED_TIERS.map((tier) => (
              <li key={tier}>
                <strong>{TIER_INFO[tier].label}</strong>: {describeTierRules(initial.rules, tier)}.
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="history-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
        <h2 id="history-heading" className="text-lg font-bold">
          History
        </h2>
        {initial.history.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">The default rules (version 1) have never been changed.</p>
        ) : (
          <ol className="mt-2 space-y-2 text-sm" data-testid="rules-history">
            {initial.history.map((entry) => (
              <li key={entry.version}>
                <strong>Version {entry.version}</strong> · {new Date(entry.changedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC ·{' '}
                {entry.changedBy ?? 'a former member'}
                <span className="block text-slate-700">Elite: {describeTierRules(entry.rules, 'elite')}.</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
