'use client';

import { describeTierRules, type SegmentationRules, type TierRule } from '@/lib/segmentation/rules';
import { TIER_INFO, type RuledTier } from '@/lib/segmentation/tiers';

export const MAX_RULES = 4;
export type FieldErrors = Record<string, string>;

/** The id of a rule's input (and, with "-error", of its error message): focus and aria-describedby use them. */
export const ruleFieldId = (tier: RuledTier, index: number, field: keyof TierRule) => `rule-${tier}-${index}-${field}`;

function RuleNumberField(props: {
  id: string;
  label: string;
  value: number;
  error: string | undefined;
  integer: boolean;
  onChange: (value: number) => void;
}) {
  const { id, label, value, error, integer, onChange } = props;
  return (
    <div className="flex flex-col gap-1 text-sm font-medium">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={integer ? 1 : 0}
        max={integer ? 50 : undefined}
        step={integer ? '1' : '0.01'}
        value={Number.isNaN(value) ? '' : value}
        onChange={(event) => onChange(event.target.valueAsNumber)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="min-h-11 rounded-lg border border-slate-300 px-3 font-normal aria-[invalid=true]:border-red-700"
      />
      {error && (
        <p id={`${id}-error`} className="font-normal text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

/** One tier's rules: each with its two thresholds and a remove button; add another (up to four). */
export function TierRulesFieldset(props: {
  tier: RuledTier;
  rules: SegmentationRules;
  errors: FieldErrors;
  onChange: (index: number, change: Partial<TierRule>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}) {
  const { tier, rules, errors, onChange, onRemove, onAdd } = props;
  const { label, color } = TIER_INFO[tier];
  const tierError = errors[tier];
  return (
    <fieldset
      className="rounded-2xl border border-slate-200 bg-white p-4"
      style={{ borderTop: `4px solid ${color}` }}
      aria-describedby={tierError ? `rules-${tier}-error` : undefined}
      data-testid={`rules-fieldset-${tier}`}
    >
      <legend className="px-1 text-lg font-bold" style={{ color }}>
        {label}
      </legend>
      <p className="text-sm text-slate-700">Any of these rules: {describeTierRules(rules, tier)}.</p>
      {tierError && (
        <p id={`rules-${tier}-error`} className="mt-1 text-sm text-red-800">
          {tierError}
        </p>
      )}
      <ul className="mt-3 space-y-3">
        {rules[tier].map((rule, index) => (
          <li key={index} className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
            <RuleNumberField
              id={ruleFieldId(tier, index, 'minPremium')}
              label={`${label} rule ${index + 1}: minimum annual premium ($)`}
              value={rule.minPremium}
              error={errors[`${tier}.${index}.minPremium`]}
              integer={false}
              onChange={(minPremium) => onChange(index, { minPremium })}
            />
            <RuleNumberField
              id={ruleFieldId(tier, index, 'minLines')}
              label={`${label} rule ${index + 1}: minimum lines`}
              value={rule.minLines}
              error={errors[`${tier}.${index}.minLines`]}
              integer
              onChange={(minLines) => onChange(index, { minLines })}
            />
            <button
              type="button"
              disabled={rules[tier].length === 1}
              onClick={() => onRemove(index)}
              className="min-h-11 rounded-lg border border-slate-300 px-3 text-sm font-semibold disabled:opacity-50 sm:mt-6"
            >
              Remove<span className="sr-only">{` ${label} rule ${index + 1}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={rules[tier].length >= MAX_RULES}
        onClick={onAdd}
        className="mt-3 min-h-11 rounded-lg border border-slate-300 px-3 text-sm font-semibold disabled:opacity-50"
      >
        Add another {label} rule
      </button>
    </fieldset>
  );
}
