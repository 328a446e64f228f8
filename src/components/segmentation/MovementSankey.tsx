import type { MovementPath, TierState } from '@/lib/segmentation/movement';
import { TIER_INFO, TIERS } from '@/lib/segmentation/tiers';

/** The states in display order: new customers and the tiers, then customers without a policy in force. */
export const STATES: TierState[] = ['new', ...TIERS, 'inactive'];
export const stateLabel = (state: TierState) =>
  state === 'new' ? 'New' : state === 'inactive' ? 'No policy in force' : TIER_INFO[state].label;
const stateColor = (state: TierState) => (state === 'new' || state === 'inactive' ? '#64748b' : TIER_INFO[state].color);

/**
 * One drawing of the picture. The SVG scales to its box, so its text does too: the wide drawing
 * (640 units) is for screens of 640 px and more; on a phone a drawing about as wide as the screen
 * keeps the labels at their size, wrapped onto two lines so the bands keep room.
 */
export interface SankeyLayout {
  width: number;
  height: number;
  /** Room for the labels on each side, in drawing units. */
  labelWidth: number;
  fontSize: number;
  /** Longest label line, in characters (longer labels wrap at spaces). */
  lineChars: number;
}
export const WIDE_LAYOUT: SankeyLayout = { width: 640, height: 320, labelWidth: 136, fontSize: 12, lineChars: 24 };
export const NARROW_LAYOUT: SankeyLayout = { width: 330, height: 340, labelWidth: 74, fontSize: 13, lineChars: 10 };
const NODE_WIDTH = 14;
const NODE_GAP = 8;
const LABEL_GAP = 5;
const LINE_HEIGHT = 1.2;

/** A label in lines of at most `lineChars` characters, broken at spaces. */
export function labelLines(label: string, lineChars: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= lineChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * Label centres as close to their nodes' centres as they can be, each at least half of its own
 * and its neighbour's height apart (small nodes sit close together; their labels must not), and
 * inside the drawing (a label at the very top or bottom is not cut off).
 */
export function placeLabels(centres: number[], heights: number[], height: number): number[] {
  const y = [...centres];
  const apart = (i: number) => (heights[i]! + heights[i + 1]!) / 2;
  for (let i = 1; i < y.length; i += 1) y[i] = Math.max(y[i]!, y[i - 1]! + apart(i - 1));
  for (let i = y.length - 1; i >= 0; i -= 1) {
    y[i] = Math.min(y[i]!, i === y.length - 1 ? height - heights[i]! / 2 : y[i + 1]! - apart(i));
  }
  for (let i = 0; i < y.length; i += 1) y[i] = Math.max(y[i]!, i === 0 ? heights[0]! / 2 : y[i - 1]! + apart(i - 1));
  return y;
}

function SankeyDrawing({
  paths,
  layout,
  className,
  testId,
}: {
  paths: MovementPath[];
  layout: SankeyLayout;
  className: string;
  testId: string;
}) {
  const { width, height, labelWidth, fontSize, lineChars } = layout;
  const total = paths.reduce((sum, path) => sum + path.customers, 0);
  const leftX = labelWidth + LABEL_GAP;
  const rightX = width - labelWidth - LABEL_GAP - NODE_WIDTH;
  const layoutSide = (side: 'from' | 'to') => {
    const list = STATES.filter((state) => paths.some((path) => path[side] === state && path.customers > 0));
    const scale = (height - NODE_GAP * Math.max(0, list.length - 1)) / total;
    let y = 0;
    const nodes = list.map((state) => {
      const size = paths.filter((path) => path[side] === state).reduce((sum, path) => sum + path.customers, 0) * scale;
      const node = { state, y, size, scale, offset: 0, lines: labelLines(stateLabel(state), lineChars) };
      y += size + NODE_GAP;
      return node;
    });
    const labelY = placeLabels(
      nodes.map((node) => node.y + node.size / 2),
      nodes.map((node) => node.lines.length * fontSize * LINE_HEIGHT),
      height,
    );
    return new Map(nodes.map((node, index) => [node.state, { ...node, labelY: labelY[index]! }]));
  };
  const left = layoutSide('from');
  const right = layoutSide('to');
  const bands = STATES.flatMap((from) =>
    STATES.map((to) => paths.find((path) => path.from === from && path.to === to)).filter((path): path is MovementPath =>
      Boolean(path && path.customers > 0 && path.from === from),
    ),
  );
  const label = (node: { state: TierState; labelY: number; lines: string[] }, x: number, anchor: 'start' | 'end') => (
    <text x={x} y={node.labelY} textAnchor={anchor} dominantBaseline="middle" fontSize={fontSize} fill="#0f172a">
      {node.lines.map((line, index) => (
        <tspan key={line} x={x} dy={index === 0 ? `${(-(node.lines.length - 1) / 2) * LINE_HEIGHT}em` : `${LINE_HEIGHT}em`}>
          {line}
        </tspan>
      ))}
    </text>
  );
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={className} aria-hidden="true" data-testid={testId}>
      {bands.map((path) => {
        const a = left.get(path.from)!;
        const b = right.get(path.to)!;
        const thickness = path.customers * a.scale;
        const y1 = a.y + a.offset + thickness / 2;
        const y2 = b.y + b.offset + thickness / 2;
        a.offset += thickness;
        b.offset += thickness;
        const x1 = leftX + NODE_WIDTH;
        const x2 = rightX;
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
      {[...left.values()].map((node) => (
        <g key={`l-${node.state}`}>
          <rect x={leftX} y={node.y} width={NODE_WIDTH} height={Math.max(1, node.size)} fill={stateColor(node.state)} />
          {label(node, labelWidth, 'end')}
        </g>
      ))}
      {[...right.values()].map((node) => (
        <g key={`r-${node.state}`}>
          <rect x={rightX} y={node.y} width={NODE_WIDTH} height={Math.max(1, node.size)} fill={stateColor(node.state)} />
          {label(node, width - labelWidth, 'start')}
        </g>
      ))}
    </svg>
  );
}

/**
 * A Sankey-style picture of the movement: snapshot states on the left, states on the right, and a
 * band for each path as wide as its customers. Drawn on the server as SVG, twice (the wide
 * drawing, and one for phones: CSS shows the one that fits); the matrix table next to it carries
 * the same figures for screen readers, so the pictures are hidden from them.
 */
export function MovementSankey({ paths }: { paths: MovementPath[] }) {
  if (paths.reduce((sum, path) => sum + path.customers, 0) === 0) return null;
  return (
    <>
      <SankeyDrawing paths={paths} layout={WIDE_LAYOUT} className="hidden h-auto w-full sm:block" testId="movement-sankey" />
      <SankeyDrawing paths={paths} layout={NARROW_LAYOUT} className="h-auto w-full sm:hidden" testId="movement-sankey-narrow" />
    </>
  );
}
