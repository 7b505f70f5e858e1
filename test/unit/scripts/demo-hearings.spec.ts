import fc from 'fast-check';
import { DEMO_HEARING_TIMES, demoHearing, Random } from '../../../scripts/demo-data';
import { businessCalendarFor } from '../../../src/deadlines/engine/business-calendar';
import {
  addDays,
  formatDayNumber,
  isWeekend,
  parseCalendarDate,
} from '../../../src/time';
import { isFederalHolidayDay } from '../../../src/deadlines/engine/federal-holidays';

const dayArb = fc.integer({ min: 20_000, max: 24_000 }).map(formatDayNumber); // 2024 … 2035

describe('demo hearings', () => {
  it('fall in the coming six weeks (plus a holiday roll), on days the court sits, at docket times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        dayArb,
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 8 }),
        (seed, today, closedOffsets) => {
          const closures = closedOffsets.map((o) => addDays(today, o));
          const calendar = businessCalendarFor(closures);
          const random = new Random(seed);
          for (let i = 0; i < 20; i++) {
            const h = demoHearing(random, today, calendar);
            const day = parseCalendarDate(h.localDate);
            const ahead = day - parseCalendarDate(today);
            expect(ahead).toBeGreaterThanOrEqual(1);
            expect(ahead).toBeLessThanOrEqual(42 + 15);
            expect(isWeekend(day)).toBe(false);
            expect(isFederalHolidayDay(day)).toBe(false);
            expect(closures).not.toContain(h.localDate);
            expect(DEMO_HEARING_TIMES).toContain(h.localTime);
            if (h.hearingType === 'master') expect(h.localTime < '12:00').toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('most are within two weeks, so reminders and calls show at once', () => {
    const random = new Random(7);
    const calendar = businessCalendarFor([]);
    const ahead = Array.from(
      { length: 1000 },
      () =>
        parseCalendarDate(demoHearing(random, '2027-03-01', calendar).localDate) -
        parseCalendarDate('2027-03-01'),
    );
    expect(ahead.filter((d) => d <= 16).length).toBeGreaterThan(500);
    expect(ahead.filter((d) => d <= 7).length).toBeGreaterThan(150);
  });
});
