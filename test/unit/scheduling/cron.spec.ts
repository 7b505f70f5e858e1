import fc from 'fast-check';
import { cronMatches, nextCronTime, parseCron } from '../../../src/scheduling/cron';

/** One cron field: `*`, a step, a value, a range or a list of values, within [min, max]. */
function fieldArb(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  return fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: max - min + 1 }).map((n) => `*/${n}`),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .tuple(value, value, fc.integer({ min: 1, max: 5 }))
      .map(([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`),
    fc.uniqueArray(value, { minLength: 1, maxLength: 4 }).map((vs) => vs.join(',')),
  );
}

/** Expressions that run at least once a week (any day of month and month), so a gap can be scanned. */
const weeklyArb = fc
  .tuple(fieldArb(0, 59), fieldArb(0, 23), fieldArb(0, 7))
  .map(([m, h, w]) => `${m} ${h} * * ${w}`);
const instantArb = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('cron schedules', () => {
  it('the next run is the first matching whole minute after the instant', () => {
    fc.assert(
      fc.property(weeklyArb, instantArb, (expression, after) => {
        const schedule = parseCron(expression);
        const next = nextCronTime(schedule, after);
        expect(next.getTime()).toBeGreaterThan(after.getTime());
        expect(next.getTime() % 60_000).toBe(0);
        expect(cronMatches(schedule, next)).toBe(true);
        // Nothing in between matched.
        for (
          let t = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
          t < next.getTime();
          t += 60_000
        ) {
          if (cronMatches(schedule, new Date(t)))
            throw new Error(`${expression} skipped ${new Date(t).toISOString()}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a field lists exactly the values it names', () => {
    fc.assert(
      fc.property(fieldArb(0, 59), (field) => {
        const minutes = parseCron(`${field} * * * *`).minutes;
        for (let m = 0; m <= 59; m++) {
          const expected = field.split(',').some((part) => {
            const [range, step = '1'] = part.split('/');
            const [lo, hi] =
              range === '*'
                ? [0, 59]
                : range.includes('-')
                  ? range.split('-').map(Number)
                  : part.includes('/')
                    ? [Number(range), 59]
                    : [Number(range), Number(range)];
            return m >= lo && m <= hi && (m - lo) % Number(step) === 0;
          });
          expect(minutes.has(m)).toBe(expected);
        }
      }),
    );
  });

  it('the schedules in use: every quarter hour, and nightly at 03:17', () => {
    fc.assert(
      fc.property(instantArb, (after) => {
        const quarter = nextCronTime(parseCron('*/15 * * * *'), after);
        expect(quarter.getMinutes() % 15).toBe(0);
        expect(quarter.getTime() - after.getTime()).toBeLessThanOrEqual(15 * 60_000);
        const nightly = nextCronTime(parseCron('17 3 * * *'), after);
        expect([nightly.getHours(), nightly.getMinutes()]).toEqual([3, 17]);
        // Within a day (a day of 25 hours when clocks go back).
        expect(nightly.getTime() - after.getTime()).toBeLessThanOrEqual(25 * 3600_000);
      }),
    );
  });

  it('both day fields restricted: either one runs, as in cron; 7 is Sunday', () => {
    const schedule = parseCron('0 12 1 * 7');
    expect(cronMatches(schedule, new Date(2026, 2, 1, 12, 0))).toBe(true); // 1 March 2026, a Sunday
    expect(cronMatches(schedule, new Date(2026, 2, 8, 12, 0))).toBe(true); // a Sunday
    expect(cronMatches(schedule, new Date(2026, 3, 1, 12, 0))).toBe(true); // 1 April, a Wednesday
    expect(cronMatches(schedule, new Date(2026, 3, 2, 12, 0))).toBe(false);
  });

  it.each([
    '',
    '* * * *',
    '60 * * * *',
    '* 24 * * *',
    '5-1 * * * *',
    '*/0 * * * *',
    'MON * * * *',
    '0 0 32 * *',
  ])('refuses %p', (expression) => {
    expect(() => parseCron(expression)).toThrow(/cron/);
  });

  it('refuses a schedule that never runs', () => {
    expect(() => nextCronTime(parseCron('0 0 31 2 *'), new Date())).toThrow(/never runs/);
  });
});
