/**
 * CSV / formula injection (OWASP "CSV Injection"): a spreadsheet evaluates a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(1+1)`, `-2+3`), and calendar apps
 * export event text to spreadsheets. Names and notes are stored exactly as typed; every output a spreadsheet or a
 * calendar may open (CSV exports, ICS feeds) passes its text through here.
 *
 * A value whose first character — after any leading whitespace or control characters, which spreadsheets skip —
 * is a formula trigger (also the full-width forms some spreadsheets accept) gets a leading single quote, which
 * makes it text and shows it as typed. Anything else is returned unchanged.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

// Whitespace and C0/C1 controls (tab and CR are triggers themselves, checked first).
// eslint-disable-next-line no-control-regex
const SKIPPED = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/u;

export function isFormulaLike(value: string): boolean {
  for (const char of value) {
    if (TRIGGERS.has(char)) return true;
    if (!SKIPPED.test(char)) return false;
  }
  return false;
}

/** The text a spreadsheet shows as typed and never evaluates. */
export function spreadsheetSafe(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}

/** Every line of a multi-line text neutralized (a cell, or an export that splits lines, starts at each). */
export function spreadsheetSafeLines(value: string): string {
  return value
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 === 0 ? spreadsheetSafe(part) : part))
    .join('');
}

/**
 * One CSV field (RFC 4180): always quoted, quotes doubled, text neutralized. A number or boolean cannot carry a
 * formula and stays a number for the spreadsheet.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  if (typeof value !== 'string') return `"${String(value)}"`;
  return `"${spreadsheetSafe(value).replace(/"/g, '""')}"`;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
