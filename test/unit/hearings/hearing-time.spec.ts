import { AppError } from '../../../src/common/app-error';
import { resolveHearingStart } from '../../../src/hearings/hearing-time';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return undefined;
}

describe('resolveHearingStart', () => {
  const NY = 'America/New_York';

  it('resolves a local time or an instant, and nothing when no time is given', () => {
    expect(resolveHearingStart({ localDate: '2027-03-03', localTime: '09:00' }, NY)).toEqual({
      startsAt: new Date('2027-03-03T14:00:00Z'),
      warnings: [],
    });
    expect(resolveHearingStart({ startsAt: '2027-03-03T09:00:00-05:00' }, NY)?.startsAt.toISOString()).toBe(
      '2027-03-03T14:00:00.000Z',
    );
    expect(resolveHearingStart({}, NY)).toBeNull();
  });

  it('fills a missing date or time from the current start, read in the (new) zone', () => {
    const current = new Date('2027-03-03T14:00:00Z');
    expect(resolveHearingStart({ localTime: '13:30' }, NY, current)?.startsAt.toISOString()).toBe(
      '2027-03-03T18:30:00.000Z',
    );
    expect(resolveHearingStart({ localDate: '2027-03-17' }, NY, current)?.startsAt.toISOString()).toBe(
      '2027-03-17T13:00:00.000Z',
    );
    expect(
      resolveHearingStart({ localDate: '2027-03-17' }, 'America/Chicago', current)?.startsAt.toISOString(),
    ).toBe('2027-03-17T13:00:00.000Z');
  });

  it('warns about an ambiguous time and takes the earlier instant', () => {
    const resolved = resolveHearingStart({ localDate: '2026-11-01', localTime: '01:30' }, NY);
    expect(resolved?.startsAt.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(resolved?.warnings).toEqual([
      expect.objectContaining({
        code: 'ambiguous_local_time',
        chosen: '2026-11-01T05:30:00.000Z',
        alternative: '2026-11-01T06:30:00.000Z',
      }),
    ]);
    expect(resolved?.warnings[0].message).toContain('1:30 AM EST');
  });

  it.each([
    [
      'conflicting_start_time',
      { localDate: '2027-03-03', localTime: '09:00', startsAt: '2027-03-03T14:00:00Z' },
    ],
    ['invalid_instant', { startsAt: '2027-03-03T09:00:00' }],
    ['start_time_required', { localDate: '2027-03-03' }],
    ['start_time_required', { localTime: '09:00' }],
    ['invalid_date', { localDate: '2027-02-29', localTime: '09:00' }],
    ['nonexistent_local_time', { localDate: '2027-03-14', localTime: '02:30' }],
  ])('%s', (code, input) => {
    expect(codeOf(() => resolveHearingStart(input, NY))).toBe(code);
  });
});
