import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '@/components/format';

describe('dates are written one way everywhere', () => {
  it('writes a calendar date in words, whatever the time zone of the machine', () => {
    expect(formatDate('2026-03-03')).toBe('March 3, 2026');
    expect(formatDate('2026-12-31')).toBe('December 31, 2026');
  });

  it('writes an instant as that date and a 24-hour UTC time', () => {
    expect(formatDateTime('2026-03-03T00:05:09Z')).toBe('March 3, 2026, 00:05 UTC');
    expect(formatDateTime(new Date('2026-12-31T23:59:59.999Z'))).toBe('December 31, 2026, 23:59 UTC');
    expect(formatDateTime('2026-07-01T14:30:00+02:00')).toBe('July 1, 2026, 12:30 UTC');
  });
});
