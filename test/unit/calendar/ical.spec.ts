import { tzOffset, tzScan } from '@date-fns/tz';
import * as ical from 'node-ical';
import { buildCalendar, escapeText, foldLine, vtimezone } from '../../../src/calendar/ical';
import { courtZones } from '../deadlines/fixtures';

describe('iCalendar writer', () => {
  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'ñ'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((p, i) => (i === 0 ? p : p.slice(1)))
        .join(''),
    ).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('builds VTIMEZONE observances that match the zone’s real offset changes, for every court zone', () => {
    for (const zone of courtZones()) {
      const lines = vtimezone(zone, 2026, 2028);
      const starts = lines.filter((l) => l.startsWith('DTSTART:')).map((l) => l.slice(8));
      const from = lines.filter((l) => l.startsWith('TZOFFSETFROM:')).map((l) => l.slice(13));
      const to = lines.filter((l) => l.startsWith('TZOFFSETTO:')).map((l) => l.slice(11));
      const changes = tzScan(zone, {
        start: new Date(Date.UTC(2026, 0, 1)),
        end: new Date(Date.UTC(2029, 0, 1)),
      });
      expect(starts).toHaveLength(changes.length + 1);
      changes.forEach((change, i) => {
        // Local wall time in the old offset, minus that offset, is the instant of the change.
        const wall = starts[i + 1];
        const wallMs = Date.UTC(
          +wall.slice(0, 4),
          +wall.slice(4, 6) - 1,
          +wall.slice(6, 8),
          +wall.slice(9, 11),
          +wall.slice(11, 13),
        );
        const sign = from[i + 1].startsWith('-') ? -1 : 1;
        const fromMinutes = sign * (Number(from[i + 1].slice(1, 3)) * 60 + Number(from[i + 1].slice(3, 5)));
        expect(wallMs - fromMinutes * 60_000).toBe(change.date.getTime());
        expect(to[i + 1]).toBe(
          `${change.offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(change.offset) / 60)).padStart(2, '0')}${String(Math.abs(change.offset) % 60).padStart(2, '0')}`,
        );
      });
      expect(tzOffset(zone, new Date(Date.UTC(2026, 0, 1)))).toBeDefined();
    }
  });

  it('writes events that a standard parser reads back at the same instants, in every court zone', () => {
    const instants = [
      '2027-01-05T15:00:00Z',
      '2027-07-01T18:30:00Z',
      '2026-11-01T06:30:00Z',
      '2026-11-01T05:30:00Z',
      '2027-03-14T07:30:00Z',
    ];
    const zones = courtZones();
    const events = zones.flatMap((zone, z) =>
      instants.map((iso, i) => ({
        uid: `e-${z}-${i}@test`,
        sequence: i,
        status: 'CONFIRMED' as const,
        summary: `Hearing in ${zone}`,
        start: { kind: 'zoned' as const, instant: new Date(iso), timeZone: zone, durationMinutes: 60 },
      })),
    );
    const text = buildCalendar({
      name: 'Test',
      now: new Date('2026-11-27T00:00:00Z'),
      events: [
        ...events,
        {
          uid: 'd@test',
          sequence: 0,
          status: 'CONFIRMED',
          summary: 'Due',
          start: { kind: 'date', date: '2027-12-31' },
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = ical.sync.parseICS(text) as Record<
      string,
      { type?: string; start?: Date; end?: Date; datetype?: string }
    >;
    for (const event of events) {
      const read = parsed[event.uid];
      expect({ uid: event.uid, start: read?.start?.toISOString() }).toEqual({
        uid: event.uid,
        start: event.start.instant.toISOString(),
      });
      expect(read?.end?.getTime()).toBe(event.start.instant.getTime() + 3_600_000);
    }
    expect(parsed['d@test']).toMatchObject({ datetype: 'date' });
    expect(text).toContain('DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101');
  });
});
