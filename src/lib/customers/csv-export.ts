/**
 * CSV cells for exports opened in spreadsheets: a cell starting with =, +, -, @, tab or CR would
 * run as a formula (CSV injection), so it is prefixed with an apostrophe, which spreadsheets show
 * as text; cells with commas, quotes or line breaks are quoted. A plain number ("-6000.00", a
 * premium lost) runs nothing and stays a number a spreadsheet can add up.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;
