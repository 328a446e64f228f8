import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '@/lib/customers/csv-export';

describe('CSV export cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23 45', "'+33 1 23 45"],
    ['-5+cmd', "'-5+cmd"],
    ['-2+3', "'-2+3"],
    ['-1 555 0100', "'-1 555 0100"],
    ['-', "'-"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rreturn', '"\'\rreturn"'],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('%j → %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('writes numbers as they are and missing values as empty cells', () => {
    expect(csvLine([1234.5, null, undefined, 'x'])).toBe('1234.5,,,x\r\n');
  });

  it('keeps a negative amount a number: it runs nothing, and a spreadsheet can add it up', () => {
    expect(csvLine(['-6000.00', -5, '-0.5'])).toBe('-6000.00,-5,-0.5\r\n');
  });
});
