import { instantAtClockTime } from '../../../src/time';
import {
  isInQuietHours,
  moveBeforeQuietHours,
  nextAllowedInstant,
  type QuietHours,
} from '../../../src/reminders/planning';
import { at, wallClock } from './support';

const NIGHT: QuietHours = { start: '21:00', end: '07:00' };
const LA = 'America/Los_Angeles';
const NY = 'America/New_York';

describe('wall-clock construction across DST', () => {
  it('a time skipped by spring-forward moves later by the gap; a repeated time takes its first occurrence', () => {
    expect(instantAtClockTime('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(instantAtClockTime('2026-11-01', '01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(instantAtClockTime('2026-03-08', '08:00', NY).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    expect(instantAtClockTime('2026-11-01', '08:00', NY).toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });
});

describe('quiet hours', () => {
  it('are read on the recipient clock: 23:00 in Los Angeles is 02:00 in New York, 07:30 New York is 04:30 LA', () => {
    const lateInLA = at('2026-05-12T06:00:00Z');
    expect(isInQuietHours(lateInLA, LA, NIGHT)).toBe(true);
    const morningInNY = at('2026-05-12T11:30:00Z');
    expect(isInQuietHours(morningInNY, NY, NIGHT)).toBe(false);
    expect(isInQuietHours(morningInNY, LA, NIGHT)).toBe(true);
  });

  it('are half-open: 21:00 is quiet, 20:59:59 and 07:00 are not', () => {
    expect(isInQuietHours(at('2026-05-12T01:00:00Z'), NY, NIGHT)).toBe(true); // 21:00 EDT
    expect(isInQuietHours(at('2026-05-12T00:59:59Z'), NY, NIGHT)).toBe(false);
    expect(isInQuietHours(at('2026-05-12T11:00:00Z'), NY, NIGHT)).toBe(false); // 07:00 EDT
    expect(isInQuietHours(at('2026-05-12T10:59:59Z'), NY, NIGHT)).toBe(true);
  });

  it('can sit inside one day (13:00–14:00)', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(isInQuietHours(at('2026-05-12T17:30:00Z'), NY, lunch)).toBe(true);
    expect(isInQuietHours(at('2026-05-12T18:00:00Z'), NY, lunch)).toBe(false);
    expect(moveBeforeQuietHours(at('2026-05-12T17:30:00Z'), NY, lunch).toISOString()).toBe(
      '2026-05-12T16:59:00.000Z',
    );
  });

  describe('moving a send earlier', () => {
    it('23:00 in Los Angeles goes to 20:59 that evening', () => {
      const moved = moveBeforeQuietHours(at('2026-05-12T06:00:00Z'), LA, NIGHT);
      expect(moved.toISOString()).toBe('2026-05-12T03:59:00.000Z');
      expect(wallClock(moved, LA)).toMatchObject({ date: '2026-05-11', time: '20:59' });
    });

    it('02:00 goes to 20:59 the evening before', () => {
      const moved = moveBeforeQuietHours(at('2026-05-12T09:00:00Z'), LA, NIGHT);
      expect(wallClock(moved, LA)).toMatchObject({ date: '2026-05-11', time: '20:59' });
    });

    it('leaves an allowed time alone', () => {
      const send = at('2026-05-12T00:59:30Z'); // 20:59:30 EDT
      expect(moveBeforeQuietHours(send, NY, NIGHT)).toBe(send);
    });

    it('in the spring-forward night (New York, 2026-03-08)', () => {
      // 01:30 EST and 03:30 EDT are both in the same quiet night: both go to 20:59 EST on March 7.
      expect(moveBeforeQuietHours(at('2026-03-08T06:30:00Z'), NY, NIGHT).toISOString()).toBe(
        '2026-03-08T01:59:00.000Z',
      );
      expect(moveBeforeQuietHours(at('2026-03-08T07:30:00Z'), NY, NIGHT).toISOString()).toBe(
        '2026-03-08T01:59:00.000Z',
      );
    });

    it('in the fall-back night (New York, 2026-11-01), from either 01:30', () => {
      const first = at('2026-11-01T05:30:00Z'); // 01:30 EDT
      const second = at('2026-11-01T06:30:00Z'); // 01:30 EST
      expect(moveBeforeQuietHours(first, NY, NIGHT).toISOString()).toBe('2026-11-01T00:59:00.000Z'); // 20:59 EDT Oct 31
      expect(moveBeforeQuietHours(second, NY, NIGHT).toISOString()).toBe('2026-11-01T00:59:00.000Z');
    });

    it('when quiet hours start at midnight, to 23:59 the day before', () => {
      const moved = moveBeforeQuietHours(at('2026-05-12T07:00:00Z'), NY, { start: '00:00', end: '06:00' });
      expect(wallClock(moved, NY)).toMatchObject({ date: '2026-05-11', time: '23:59' });
    });

    it('when quiet hours start inside a DST gap, to the last minute before the jump', () => {
      // Quiet from 02:30 on 2026-03-08 in New York: 02:00–02:59 does not exist, so quiet begins at 03:00 EDT
      // and the last allowed minute is 01:59 EST.
      const quiet = { start: '02:30', end: '06:00' };
      const moved = moveBeforeQuietHours(at('2026-03-08T08:00:00Z'), NY, quiet); // 04:00 EDT
      expect(moved.toISOString()).toBe('2026-03-08T06:59:00.000Z');
      expect(isInQuietHours(moved, NY, quiet)).toBe(false);
    });

    it('Phoenix has no DST: the same wall clock all year', () => {
      const phoenix = 'America/Phoenix';
      expect(moveBeforeQuietHours(at('2026-01-15T06:00:00Z'), phoenix, NIGHT).toISOString()).toBe(
        '2026-01-15T03:59:00.000Z',
      );
      expect(moveBeforeQuietHours(at('2026-07-15T06:00:00Z'), phoenix, NIGHT).toISOString()).toBe(
        '2026-07-15T03:59:00.000Z',
      );
    });

    it('Honolulu', () => {
      const moved = moveBeforeQuietHours(at('2026-03-17T13:00:00Z'), 'Pacific/Honolulu', NIGHT); // 03:00 HST
      expect(wallClock(moved, 'Pacific/Honolulu')).toMatchObject({ date: '2026-03-16', time: '20:59' });
    });
  });

  describe('first allowed moment (for a catch-up send)', () => {
    it('at night waits for 07:00 the next morning; after midnight for 07:00 that morning', () => {
      expect(wallClock(nextAllowedInstant(at('2026-05-12T02:00:00Z'), NY, NIGHT), NY)).toMatchObject({
        date: '2026-05-12',
        time: '07:00',
      });
      expect(nextAllowedInstant(at('2026-05-12T08:00:00Z'), NY, NIGHT).toISOString()).toBe(
        '2026-05-12T11:00:00.000Z',
      );
    });

    it('across spring-forward: 07:00 EDT', () => {
      expect(nextAllowedInstant(at('2026-03-08T05:30:00Z'), NY, NIGHT).toISOString()).toBe(
        '2026-03-08T11:00:00.000Z',
      );
    });

    it('is the instant itself when allowed', () => {
      const noon = at('2026-05-12T16:00:00Z');
      expect(nextAllowedInstant(noon, NY, NIGHT)).toBe(noon);
    });
  });
});
