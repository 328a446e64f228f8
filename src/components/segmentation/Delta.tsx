import { formatDate } from '../format';
import type { DeltaWords, Direction } from './deltas';

// Each colour has at least 4.5:1 contrast on white and on slate-50 (WCAG 1.4.3); the arrow and the words carry the direction too.
const LOOK: Record<Direction, { arrow: string; className: string }> = {
  up: { arrow: '▲', className: 'text-emerald-800' },
  down: { arrow: '▼', className: 'text-red-800' },
  same: { arrow: '●', className: 'text-slate-600' },
};

/** A change since the compared snapshot: "▲ 12 more customers (+3.4%) since May 31, 2026". */
export function Delta({ delta, since, testId }: { delta: DeltaWords; since?: string; testId?: string }) {
  const look = LOOK[delta.direction];
  return (
    <span data-testid={testId} data-direction={delta.direction} className={`font-medium ${look.className}`}>
      <span aria-hidden="true">{look.arrow} </span>
      {delta.text}
      {since && ` since ${formatDate(since)}`}
    </span>
  );
}
