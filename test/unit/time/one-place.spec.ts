import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { IsCalendarDate } from '../../../src/common/validation';
import { BusinessCalendar, DeadlineInputError } from '../../../src/deadlines/engine';
import { resolveHearingStart } from '../../../src/hearings/hearing-time';
import { planDeadlineReminders } from '../../../src/reminders/planning';

/**
 * Time lives in src/time only. A date a request accepts is one the deadline engine, hearings and reminder
 * planning accept too (they used to have three definitions, and a request could carry a date the engine then
 * refused); no other folder defines calendar dates, zone checks or "today" again.
 */

const ROOT = join(__dirname, '..', '..', '..');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

class DatedRequest {
  @IsCalendarDate()
  date!: string;
}

function requestAccepts(date: string): boolean {
  const request = Object.assign(new DatedRequest(), { date });
  return validateSync(request).length === 0;
}

function engineAccepts(date: string): boolean {
  try {
    new BusinessCalendar([date]);
    return true;
  } catch (err) {
    if (err instanceof DeadlineInputError) return false;
    throw err;
  }
}

function hearingAccepts(date: string): boolean {
  try {
    resolveHearingStart({ localDate: date, localTime: '12:00' }, 'America/New_York');
    return true;
  } catch {
    return false;
  }
}

function reminderPlanningAccepts(date: string): boolean {
  try {
    planDeadlineReminders({
      deadline: {
        id: 'd',
        ruleId: 'r',
        dueDate: date,
        remindBy: date,
        courtZone: 'America/New_York',
        actor: 'counsel',
        status: 'open',
      },
      recipients: [],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    return true;
  } catch (err) {
    if (err instanceof RangeError && /not a calendar date/.test(err.message)) return false;
    throw err;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = ['src', 'scripts', 'bench'].flatMap((dir) =>
  sourceFiles(join(ROOT, dir)).map((path) => ({
    path: relative(ROOT, path).split(sep).join('/'),
    text: readFileSync(path, 'utf8'),
  })),
);
const outsideTime = files.filter((file) => !file.path.startsWith('src/time/'));

describe('one place for time', () => {
  it('accepts the same calendar dates in requests, the deadline engine, hearings and reminders (property)', () => {
    const date = fc
      .record({
        year: fc.integer({ min: 1, max: 9999 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 }),
      })
      .map(({ year, month, day }) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`);
    fc.assert(
      fc.property(
        fc.oneof(date, fc.constantFrom('0100-01-01', '0999-12-31', '1000-01-01', '2024-02-29', '9999-12-31')),
        (text) => {
          const accepted = requestAccepts(text);
          expect({ text, engine: engineAccepts(text) }).toEqual({ text, engine: accepted });
          expect({ text, hearing: hearingAccepts(text) }).toEqual({ text, hearing: accepted });
          expect({ text, reminders: reminderPlanningAccepts(text) }).toEqual({ text, reminders: accepted });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('defines calendar dates, zone checks, today and local time in src/time only', () => {
    const definitions =
      /(?:function|const)\s+(isCalendarDate|parseCalendarDate|todayIn|todayAt|isKnownTimeZone|isTimeZone|assertKnownZone|assertTimeZone|localDate|localDateOf|resolveLocalTime|instantAtWallClock|parseIsoInstant|ageOn|daysBetween|addCalendarDays|calendarDaysBetween|nextDay|isoDate|courtLocal)\b/g;
    const found = outsideTime.flatMap((file) =>
      [...file.text.matchAll(definitions)].map((m) => `${file.path}: ${m[1]}`),
    );
    expect(found).toEqual([]);
  });

  it('asks Intl about zones and dates in src/time only (formatting for a locale aside)', () => {
    // Locale-aware rendering of reminders (templates/format.ts) and iCalendar time-zone rules (ical.ts) are not
    // "what day is it there" questions; everything else goes through src/time.
    const allowed = new Set(['src/reminders/templates/format.ts', 'src/calendar/ical.ts']);
    const patterns = [
      /new Intl\.DateTimeFormat\(/,
      /from '@date-fns\/tz'/,
      /toISOString\(\)\.slice\(0, 10\)/,
      /'en-CA'/,
    ];
    const found = outsideTime
      .filter((file) => !allowed.has(file.path))
      .flatMap((file) => patterns.filter((p) => p.test(file.text)).map((p) => `${file.path}: ${p.source}`));
    expect(found).toEqual([]);
  });

  it('keeps src/time free of Nest, I/O and other domains, and domains out of each other for time', () => {
    const timeImports = files
      .filter((file) => file.path.startsWith('src/time/'))
      .flatMap((file) => [...file.text.matchAll(/from '([^']+)'/g)].map((m) => `${file.path}: ${m[1]}`))
      .filter((line) => !/: (\.\/[a-z-]+|@date-fns\/tz)$/.test(line));
    expect(timeImports).toEqual([]);
    const reaches = files
      .filter(
        (file) =>
          (file.path.startsWith('src/deadlines/') &&
            /from '\.\.\/hearings\/(local-time|hearing-time)'/.test(file.text)) ||
          (file.path.startsWith('src/reminders/') && /deadlines\/engine/.test(file.text)),
      )
      .map((file) => file.path);
    expect(reaches).toEqual([]);
  });
});
