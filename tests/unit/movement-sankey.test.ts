import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MovementSankey } from '@/components/segmentation/MovementSankey';
import type { MovementPath } from '@/lib/segmentation/movement';

const path = (from: MovementPath['from'], to: MovementPath['to'], customers: number): MovementPath => ({
  from,
  to,
  customers,
  premiumFrom: '0',
  premiumTo: '0',
});

describe('the movement Sankey', () => {
  it('draws one band per path with customers, as wide as its share, and labels both sides', () => {
    const svg = renderToStaticMarkup(
      createElement(MovementSankey, { paths: [path('elite', 'elite', 30), path('entry', 'premium', 10), path('new', 'entry', 0)] }),
    );
    const widths = [...svg.matchAll(/stroke-width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(2);
    // 30 customers draw three times as wide as 10.
    expect(widths[0]! / widths[1]!).toBeCloseTo(3, 5);
    for (const label of ['Elite', 'Entry', 'Premium']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).not.toContain('>New</text>');
    expect(svg).toContain('aria-hidden="true"');
  });

  it('draws nothing for an empty movement', () => {
    expect(renderToStaticMarkup(createElement(MovementSankey, { paths: [] }))).toBe('');
  });
});
