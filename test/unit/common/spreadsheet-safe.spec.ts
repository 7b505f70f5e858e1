import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import * as ical from 'node-ical';
import { buildCalendar } from '../../../src/calendar/ical';
import {
  csvField,
  csvRecord,
  isFormulaLike,
  spreadsheetSafe,
  spreadsheetSafeLines,
} from '../../../src/common/spreadsheet-safe';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const LEADING = ['', ' ', '  ', '\n', '\u00a0', '\u0000', '\ufeff'];

/** How a spreadsheet decides whether a cell is a formula: first character after what it skips. */
const evaluatedBySpreadsheet = (cell: string) => {
  const first = [...cell].find(
    // eslint-disable-next-line no-control-regex
    (c) => !/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/u.test(c) || c === '\t' || c === '\r',
  );
  return first !== undefined && TRIGGERS.includes(first);
};

const formulaArb = fc
  .tuple(fc.constantFrom(...LEADING), fc.constantFrom(...TRIGGERS), fc.string())
  .map(([lead, trigger, rest]) => `${lead}${trigger}${rest}`);
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), formulaArb);

describe('spreadsheet-safe text (OWASP CSV injection)', () => {
  it('neutralizes the known attack shapes', () => {
    for (const attack of [
      '=HYPERLINK("http://evil.example","click")',
      "+cmd|' /C calc'!A0",
      '@SUM(1+1)',
      '-2+3',
      '\t=1+1',
      '\r=1+1',
      ' =1+1',
      '＝1+1',
    ]) {
      expect(spreadsheetSafe(attack)).toBe(`'${attack}`);
    }
    expect(spreadsheetSafe('María López')).toBe('María López');
  });

  it('never leaves a value a spreadsheet would evaluate, and keeps what was typed after the quote', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const safe = spreadsheetSafe(text);
        expect(evaluatedBySpreadsheet(safe)).toBe(false);
        expect(safe === text || safe === `'${text}`).toBe(true);
        expect(safe === text).toBe(!isFormulaLike(text));
        expect(spreadsheetSafe(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it('neutralizes every line of a multi-line text and keeps the line breaks', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const safe = spreadsheetSafeLines(lines.join(eol));
        for (const line of safe.split(/\r\n|\r|\n/))
          expect(evaluatedBySpreadsheet(line.replace(/^\n/, ''))).toBe(false);
      }),
    );
  });

  it('writes CSV that parses back to the neutralized values, one record per row', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const width = rows[0].length;
          const table = rows.map((r) => [...r, ...Array<string>(width).fill('')].slice(0, width));
          const csv = table.map(csvRecord).join('');
          const parsed = parse(csv, { relax_column_count: false }) as string[][];
          expect(parsed).toEqual(table.map((r) => r.map(spreadsheetSafe)));
          for (const row of parsed) for (const cell of row) expect(evaluatedBySpreadsheet(cell)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    expect(csvField(-2)).toBe('"-2"');
    expect(csvField(null)).toBe('""');
  });

  it('an ICS feed never carries a text property a spreadsheet would evaluate', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (summary, description, location) => {
        const ics = buildCalendar({
          name: 'Feed',
          now: new Date('2027-01-01T00:00:00Z'),
          events: [
            {
              uid: 'e1@test',
              sequence: 0,
              status: 'CONFIRMED',
              summary,
              description,
              location,
              start: { kind: 'date', date: '2027-02-01' },
            },
          ],
        });
        const event = Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === 'VEVENT') as
          { summary?: unknown; description?: unknown; location?: unknown } | undefined;
        for (const value of [event?.summary, event?.description, event?.location]) {
          const text =
            typeof value === 'string' ? value : ((value as { val?: string } | undefined)?.val ?? '');
          for (const line of text.split(/\r\n|\r|\n/)) expect(evaluatedBySpreadsheet(line)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
