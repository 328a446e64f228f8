'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { problemDetail, problemFieldErrors } from '@/lib/http/problem-text';
import { describeTierRules, type SegmentationRules, type TierRule } from '@/lib/segmentation/rules';
import { changedTiers, type RuleVersion } from '@/lib/segmentation/rules-history';
import { RULED_TIERS, TIER_INFO, type RuledTier } from '@/lib/segmentation/tiers';
import { RulesHistory } from './RulesHistory';
import { RulesPreview, type Preview } from './RulesPreview';
import { SaveRulesDialog } from './SaveRulesDialog';
import { ruleFieldId, TierRulesFieldset, type FieldErrors } from './TierRulesFieldset';

interface Settings {
  rules: SegmentationRules;
  version: number;
  history: RuleVersion[];
}
type Status = { kind: 'idle' | 'saving' | 'saved' | 'error' | 'info'; message?: string };

async function postPreview(rules: SegmentationRules): Promise<{ preview?: Preview; errors?: FieldErrors; message?: string }> {
  const response = await fetch('/api/analytics/segmentation/settings/preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  const body = await response.json().catch(() => null);
  if (response.ok) return { preview: body as Preview };
  return { errors: problemFieldErrors(body, 'body.rules.'), message: problemDetail(body, 'The preview is not available right now.') };
}

/** The first field an error names (a rule's input, else its tier's first input), to take the user to it. */
function firstInvalidField(errors: FieldErrors) {
  const [key] = Object.keys(errors);
  if (!key) return null;
  const [tier, index = '0', field = 'minPremium'] = key.split('.');
  return ruleFieldId(tier as RuledTier, Number(index), field as keyof TierRule);
}

/**
 * Edits the agency's tier rules with a what-if preview of count and premium per tier (computed by
 * the server from the last refresh, debounced while typing; beside the form and sticky on wide
 * screens). Saving recomputes every tier, so it never happens on Enter: the Save button asks for
 * confirmation, showing what changes. Any version in the history can be loaded back into the
 * editor, then saved the same way.
 */
export function RulesEditor({ initial, canEdit, bookIsEmpty }: { initial: Settings; canEdit: boolean; bookIsEmpty: boolean }) {
  const router = useRouter();
  const [settings, setSettings] = useState(initial);
  const [rules, setRules] = useState<SegmentationRules>(initial.rules);
  const [baseline, setBaseline] = useState<Preview | null>(null);
  const [preview, setPreview] = useState<{ rules: string; result: Preview } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const focusAfterRender = useRef<string | null>(null);
  const previewSequence = useRef(0);
  const editorHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!canEdit) return;
    void postPreview(settings.rules).then((result) => setBaseline(result.preview ?? null));
  }, [canEdit, settings.rules]);

  useEffect(() => {
    if (!canEdit) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // Answers can arrive out of order: only the one for the latest rules may set errors and preview.
      const sequence = (previewSequence.current += 1);
      void postPreview(rules).then((result) => {
        if (sequence !== previewSequence.current) return;
        setErrors(result.errors ?? {});
        if (result.preview) setPreview({ rules: JSON.stringify(rules), result: result.preview });
      });
    }, 350);
    return () => clearTimeout(timer.current);
  }, [rules, canEdit]);

  // After a rule is added or removed, focus goes to the rule now in its place.
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [rules]);

  const update = (tier: RuledTier, index: number, change: Partial<TierRule>) =>
    setRules((current) => ({ ...current, [tier]: current[tier].map((rule, i) => (i === index ? { ...rule, ...change } : rule)) }));
  const remove = (tier: RuledTier, index: number) => {
    focusAfterRender.current = ruleFieldId(tier, Math.min(index, rules[tier].length - 2), 'minPremium');
    setRules((current) => ({ ...current, [tier]: current[tier].filter((_, i) => i !== index) }));
    setStatus({ kind: 'info', message: `${TIER_INFO[tier].label} rule ${index + 1} removed.` });
  };
  const add = (tier: RuledTier) => {
    focusAfterRender.current = ruleFieldId(tier, rules[tier].length, 'minPremium');
    setRules((current) => ({ ...current, [tier]: [...current[tier], { minPremium: 0, minLines: 1 }] }));
  };
  const restore = (entry: RuleVersion) => {
    setRules(entry.rules);
    setStatus({
      kind: 'info',
      message: `Version ${entry.version} is loaded into the editor. Check the preview, then save it as version ${settings.version + 1}.`,
    });
    editorHeading.current?.scrollIntoView({ block: 'start' });
    editorHeading.current?.focus();
  };

  const unchanged = changedTiers(settings.rules, rules).length === 0;
  const hasErrors = Object.keys(errors).length > 0;

  /** Opens the confirmation with a preview of exactly these rules (the debounced one may be a keystroke behind). */
  async function askToSave() {
    const key = JSON.stringify(rules);
    if (preview?.rules !== key) {
      const result = await postPreview(rules);
      if (!result.preview) {
        setErrors(result.errors ?? {});
        setStatus({ kind: 'error', message: result.message });
        const invalid = firstInvalidField(result.errors ?? {});
        if (invalid) document.getElementById(invalid)?.focus();
        return;
      }
      setPreview({ rules: key, result: result.preview });
    }
    setConfirming(true);
  }

  async function save() {
    setStatus({ kind: 'saving' });
    const response = await fetch('/api/analytics/segmentation/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules, expectedVersion: settings.version }),
    });
    const body = await response.json().catch(() => null);
    setConfirming(false);
    if (response.ok) {
      setSettings(body.settings as Settings);
      setStatus({ kind: 'saved', message: `Saved as version ${body.settings.version}; the tiers were recomputed.` });
      // The page around the editor (its version line) is rendered on the server.
      router.refresh();
    } else {
      setStatus({ kind: 'error', message: problemDetail(body, 'The rules could not be saved.') });
    }
  }

  return (
    <div className="space-y-6">
      {canEdit ? (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
          {/* Enter in a field submits the form: it must not save, so submitting does nothing. */}
          <form className="space-y-4" aria-labelledby="editor-heading" onSubmit={(event) => event.preventDefault()}>
            <h2 id="editor-heading" ref={editorHeading} tabIndex={-1} className="text-lg font-bold">
              Edit the rules
            </h2>
            <p className="text-sm text-slate-700">Changes show in the preview as you type; nothing is saved until you save and confirm.</p>
            {RULED_TIERS.map((tier) => (
              <TierRulesFieldset
                key={tier}
                tier={tier}
                rules={rules}
                errors={errors}
                onChange={(index, change) => update(tier, index, change)}
                onRemove={(index) => remove(tier, index)}
                onAdd={() => add(tier)}
              />
            ))}
          </form>
          <div className="space-y-3 lg:sticky lg:top-4">
            <RulesPreview baseline={baseline} preview={preview?.result ?? null} bookIsEmpty={bookIsEmpty} />
            <p
              role={status.kind === 'error' ? 'alert' : 'status'}
              className={`text-sm ${status.kind === 'error' ? 'text-red-800' : status.kind === 'saved' ? 'text-green-800' : 'text-slate-700'}`}
            >
              {status.kind !== 'saving' && status.message}{' '}
              {status.kind === 'saved' && (
                <Link href="/analytics/segmentation" className="font-semibold underline">
                  See the dashboard
                </Link>
              )}
            </p>
            <button
              type="button"
              onClick={() => void askToSave()}
              disabled={status.kind === 'saving' || unchanged || hasErrors}
              aria-describedby="save-rules-hint"
              className="min-h-11 w-full rounded-lg bg-brand-600 px-5 font-semibold text-white disabled:opacity-50"
            >
              {status.kind === 'saving' ? 'Saving and recomputing…' : 'Save rules…'}
            </button>
            <p id="save-rules-hint" className="text-xs text-slate-600">
              {hasErrors
                ? 'Fix the fields marked in red to save.'
                : unchanged
                  ? 'Change a rule (or load a version from the history) to save.'
                  : `Asks for confirmation, then saves version ${settings.version + 1} and recomputes every tier.`}
            </p>
          </div>
        </div>
      ) : (
        <section className="rounded-2xl border border-slate-200 bg-white p-4 text-sm">
          <p>Only owners and admins change the rules. The rules in force:</p>
          <ul className="mt-2 space-y-1">
            {RULED_TIERS.map((tier) => (
              <li key={tier}>
                <strong>{TIER_INFO[tier].label}</strong>: {describeTierRules(settings.rules, tier)}.
              </li>
            ))}
          </ul>
        </section>
      )}

      <RulesHistory history={settings.history} currentVersion={settings.version} onRestore={canEdit ? restore : null} />
      {canEdit && (
        <SaveRulesDialog
          open={confirming}
          nextVersion={settings.version + 1}
          before={settings.rules}
          after={rules}
          baseline={baseline}
          preview={preview?.result ?? null}
          saving={status.kind === 'saving'}
          onConfirm={() => void save()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
