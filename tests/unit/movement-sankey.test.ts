import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  labelLines,
  MovementSankey,
  NARROW_LAYOUT,
  placeLabels,
  STATES,
  stateLabel,
  WIDE_LAYOUT,
} from '@/components/segmentation/MovementSankey';
import type { MovementPath } from '@/lib/segmentation/movement';

const path = (from: MovementPath['from'], to: MovementPath['to'], customers: number): MovementPath => ({
  from,
  to,
  customers,
  premiumFrom: '0',
  premiumTo: '0',
});

/** The two drawings of the markup: the wide one and the one for phones. */
const drawings = (paths: MovementPath[]) => {
  const markup = renderToStaticMarkup(createElement(MovementSankey, { paths }));
  const found = [...markup.matchAll(/<svg[^>]*data-testid="([^"]+)"[^>]*>.*?<\/svg>/g)];
  return Object.fromEntries(found.map((match) => [match[1]!, match[0]])) as Record<string, string>;
};

// A generous width for a character of the label font (Arial and the like average about 0.55 em).
const textWidth = (text: string, fontSize: number) => text.length * fontSize * 0.62;

describe('the movement Sankey', () => {
  it('draws one band per path with customers, as wide as its share, and labels both sides, in both drawings', () => {
    const svgs = drawings([path('elite', 'elite', 30), path('entry', 'premium', 10), path('new', 'entry', 0)]);
    expect(Object.keys(svgs)).toEqual(['movement-sankey', 'movement-sankey-narrow']);
    for (const svg of Object.values(svgs)) {
      const widths = [...svg.matchAll(/stroke-width="([\d.]+)"/g)].map((match) => Number(match[1]));
      expect(widths).toHaveLength(2);
      // 30 customers draw three times as wide as 10.
      expect(widths[0]! / widths[1]!).toBeCloseTo(3, 5);
      for (const label of ['Elite', 'Entry', 'Premium']) expect(svg).toContain(`>${label}</tspan>`);
      expect(svg).not.toContain('>New</tspan>');
      expect(svg).toContain('aria-hidden="true"');
    }
    // CSS shows one at a time: the wide drawing from 640 px, the narrow one below.
    expect(svgs['movement-sankey']).toMatch(/class="hidden h-auto w-full sm:block"/);
    expect(svgs['movement-sankey-narrow']).toMatch(/class="h-auto w-full sm:hidden"/);
  });

  it('draws the phone drawing about as wide as a phone, so its labels keep their size', () => {
    // A 375 px screen leaves about 311 px for the picture: the text is drawn at 90% of its size or more.
    expect(311 / NARROW_LAYOUT.width).toBeGreaterThanOrEqual(0.9);
    expect(NARROW_LAYOUT.fontSize * (311 / NARROW_LAYOUT.width)).toBeGreaterThanOrEqual(11.5);
  });

  it.each([
    ['wide', WIDE_LAYOUT],
    ['narrow', NARROW_LAYOUT],
  ] as const)('fits every label of the %s drawing beside its nodes, wrapped at spaces', (_name, layout) => {
    for (const state of STATES) {
      const lines = labelLines(stateLabel(state), layout.lineChars);
      expect(lines.join(' ')).toBe(stateLabel(state));
      for (const line of lines) expect(textWidth(line, layout.fontSize)).toBeLessThanOrEqual(layout.labelWidth);
    }
    expect(labelLines('No policy in force', NARROW_LAYOUT.lineChars)).toEqual(['No policy', 'in force']);
  });

  it('keeps labels of small neighbouring nodes apart and inside the drawing', () => {
    // Six states, five of them a customer or two beside one of hundreds: their nodes nearly touch.
    const heights = [16, 31, 16, 16, 16, 31];
    const centres = [1, 10, 20, 30, 300, 318];
    const y = placeLabels(centres, heights, 320);
    for (let i = 0; i < y.length; i += 1) {
      expect(y[i]! - heights[i]! / 2).toBeGreaterThanOrEqual(0);
      expect(y[i]! + heights[i]! / 2).toBeLessThanOrEqual(320);
      if (i > 0) expect(y[i]! - y[i - 1]!).toBeGreaterThanOrEqual((heights[i]! + heights[i - 1]!) / 2 - 1e-9);
    }
    // A label with room stays at its node.
    expect(placeLabels([100, 200], [16, 16], 320)).toEqual([100, 200]);
  });

  it('draws nothing for an empty movement', () => {
    expect(renderToStaticMarkup(createElement(MovementSankey, { paths: [] }))).toBe('');
  });
});
