import type { MovementPath, TierState } from '@/lib/segmentation/movement';
import { TIER_INFO, TIERS } from '@/lib/segmentation/tiers';

/** The states in display order: new customers and the tiers, then customers without a policy in force. */
export const STATES: TierState[] = ['new', ...TIERS, 'inactive'];
export const stateLabel = (state: TierState) =>
  state === 'new' ? 'New' : state === 'inactive' ? 'No policy in force' : TIER_INFO[state].label;
const stateColor = (state: TierState) => (state === 'new' || state === 'inactive' ? '#64748b' : TIER_INFO[state].color);

/**
 * A Sankey-style picture of the movement: snapshot states on the left, states on the right, and a
 * band for each path as wide as its customers. Drawn on the server as SVG; the matrix table next
 * to it carries the same figures for screen readers, so the picture is hidden from them.
 */
export function MovementSankey({ paths }: { paths: MovementPath[] }) {
  const total = paths.reduce((sum, path) => sum + path.customers, 0);
  if (total === 0) return null;
  const width = 640;
  const height = 320;
  const gap = 8;
  const nodeWidth = 14;
  const states = (side: 'from' | 'to') => STATES.filter((state) => paths.some((path) => path[side] === state && path.customers > 0));
  const usable = (count: number) => height - gap * Math.max(0, count - 1);
  const layout = (side: 'from' | 'to') => {
    const list = states(side);
    const scale = usable(list.length) / total;
    let y = 0;
    return new Map(
      list.map((state) => {
        const size = paths.filter((path) => path[side] === state).reduce((sum, path) => sum + path.customers, 0) * scale;
        const node = { y, size, scale, offset: 0 };
        y += size + gap;
        return [state, node];
      }),
    );
  };
  const left = layout('from');
  const right = layout('to');
  const bands = STATES.flatMap((from) =>
    STATES.map((to) => paths.find((path) => path.from === from && path.to === to)).filter((path): path is MovementPath =>
      Boolean(path && path.customers > 0 && path.from === from),
    ),
  );
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" aria-hidden="true" data-testid="movement-sankey">
      {bands.map((path) => {
        const a = left.get(path.from)!;
        const b = right.get(path.to)!;
        const thickness = path.customers * a.scale;
        const y1 = a.y + a.offset + thickness / 2;
        const y2 = b.y + b.offset + thickness / 2;
        a.offset += thickness;
        b.offset += thickness;
        const x1 = nodeWidth + 110;
        const x2 = width - nodeWidth - 110;
        return (
          <path
            key={`${path.from}-${path.to}`}
            d={`M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`}
            stroke={stateColor(path.to)}
            strokeOpacity={0.35}
            strokeWidth={Math.max(1, thickness)}
            fill="none"
          />
        );
      })}
      {[...left].map(([state, node]) => (
        <g key={`l-${state}`}>
          <rect x={110} y={node.y} width={nodeWidth} height={Math.max(1, node.size)} fill={stateColor(state)} />
          <text x={104} y={node.y + node.size / 2} textAnchor="end" dominantBaseline="middle" fontSize={12} fill="#0f172a">
            {stateLabel(state)}
          </text>
        </g>
      ))}
      {[...right].map(([state, node]) => (
        <g key={`r-${state}`}>
          <rect x={width - 110 - nodeWidth} y={node.y} width={nodeWidth} height={Math.max(1, node.size)} fill={stateColor(state)} />
          <text x={width - 104} y={node.y + node.size / 2} dominantBaseline="middle" fontSize={12} fill="#0f172a">
            {stateLabel(state)}
          </text>
        </g>
      ))}
    </svg>
  );
}
