'use client';

import { useEffect, useRef } from 'react';
import { describeTierRules, type SegmentationRules } from '@/lib/segmentation/rules';
import { changedTiers } from '@/lib/segmentation/rules-history';
import { TIER_INFO } from '@/lib/segmentation/tiers';
import { tierMoves, TierMovesTable, type Preview } from './RulesPreview';

/**
 * Saving recomputes every customer's tier, so it is confirmed: the rules that change, in words,
 * and how many customers each tier gains or loses (from the what-if preview). A native modal
 * dialog: focus stays inside, Escape cancels, and focus returns to the Save button.
 */
export function SaveRulesDialog(props: {
  open: boolean;
  nextVersion: number;
  before: SegmentationRules;
  after: SegmentationRules;
  baseline: Preview | null;
  preview: Preview | null;
  saving: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { open, nextVersion, before, after, baseline, preview, saving, onConfirm, onCancel } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
  }, [open]);
  const moves = tierMoves(baseline, preview);
  const moving = moves.some((row) => row.now !== row.customers);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="save-rules-title"
      onClose={onCancel}
      className="m-auto w-full max-w-lg rounded-2xl border border-slate-200 bg-white p-5 text-sm shadow-xl backdrop:bg-slate-900/40"
      data-testid="save-rules-dialog"
    >
      <h2 id="save-rules-title" className="text-lg font-bold">
        Save the rules as version {nextVersion}?
      </h2>
      <p className="mt-1 text-slate-700">Saving recomputes every customer&apos;s tier now. What changes:</p>
      <ul className="mt-2 space-y-1">
        {changedTiers(before, after).map((tier) => (
          <li key={tier}>
            <strong>{TIER_INFO[tier].label}</strong>: {describeTierRules(after, tier)}{' '}
            <span className="text-slate-600">(was: {describeTierRules(before, tier)})</span>
          </li>
        ))}
      </ul>
      <div className="mt-3">
        <TierMovesTable
          baseline={baseline}
          preview={preview}
          after="After saving"
          last="change"
          testId="save-rules-moves"
          rowTestId="save-move"
          caption="Customers per tier"
        />
      </div>
      {!moving && <p className="mt-2 text-slate-700">No customer changes tier with these rules on the current book.</p>}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        {/* First, and focused on opening: Enter or Escape here never saves. */}
        <button
          type="button"
          autoFocus
          onClick={onCancel}
          className="min-h-11 rounded-lg border border-slate-300 px-4 font-semibold text-slate-800"
        >
          Keep editing
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={saving}
          className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white disabled:opacity-50"
        >
          {saving ? 'Saving and recomputing…' : `Save version ${nextVersion} and recompute`}
        </button>
      </div>
    </dialog>
  );
}
