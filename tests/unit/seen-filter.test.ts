import { describe, expect, it } from 'vitest';
import { SeenFilter } from '@/lib/import/seen-filter';

describe('SeenFilter (the Bloom filter that lets clean files skip the whole-file checks)', () => {
  it('never forgets a value it was given', () => {
    const filter = new SeenFilter(10_000);
    const values = Array.from({ length: 10_000 }, (_, i) => `P-${i}`);
    for (const value of values) filter.add(value);
    expect(values.every((value) => filter.add(value))).toBe(true);
  });

  it('says "certainly new" for nearly every unseen value, up to its capacity', () => {
    // The probes are added too: 100,000 values in all, the capacity.
    const filter = new SeenFilter(100_000);
    for (let i = 0; i < 50_000; i += 1) filter.add(`C${i}`);
    let maybe = 0;
    for (let i = 0; i < 50_000; i += 1) if (filter.add(`other-${i}`)) maybe += 1;
    // Designed for 1% at full capacity; on average it is half full here.
    expect(maybe / 50_000).toBeLessThan(0.01);
  });
});
