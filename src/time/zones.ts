import { tzOffset } from '@date-fns/tz';
import { CalendarDate, DayNumber, MS_PER_DAY, formatDayNumber } from './calendar-date';
import { TimeInputError } from './time-input-error';

/**
 * Time zones: which names are zones, a zone's UTC offset at an instant, and instants -> calendar dates in a
 * zone ("today in a zone"). Deadlines are counted on the court's calendar (deadline-rules.md §0): a decision
 * rendered at 23:30 in Honolulu is that day there, even though it is the next day in UTC.
 *
 * The UTC offset comes from @date-fns/tz `tzOffset` (Intl underneath). Asking Intl for every instant costs
 * about a microsecond, so each zone keeps a table of its offset at every UTC midnight, filled 512 days at a
 * time on first use. When two consecutive midnights have the same offset the whole UTC day has it; when they
 * differ, the moment of change is found once by bisection and remembered.
 *
 * Assumption: a zone changes its offset at most once within one UTC day. That holds for every zone in
 * immigration-courts.json (the property tests check against Intl directly, around every DST change).
 */

const BLOCK_SIZE = 512;

/**
 * True for a zone the runtime knows (Intl accepts it and an offset can be read from it). tzOffset alone would
 * read an offset out of any string containing '+05', so Intl decides.
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  return !Number.isNaN(tzOffset(timeZone, new Date(0)));
}

const knownZones = new Map<string, boolean>();

/**
 * True for a time-zone name of a place (IANA, e.g. 'America/New_York'), what people and courts are in.
 * Fixed offsets ('+02:00', 'Etc/GMT+5') are refused: nobody lives in one, and they silently ignore DST.
 */
export function isKnownTimeZone(zone: string): boolean {
  const cached = knownZones.get(zone);
  if (cached !== undefined) return cached;
  const known = zone.length > 0 && !/^[+-]/.test(zone) && !/^Etc\//i.test(zone) && isTimeZone(zone);
  knownZones.set(zone, known);
  return known;
}

/** Throws TimeInputError naming `whose` zone unless it is the zone of a place (isKnownTimeZone). */
export function assertKnownTimeZone(zone: string, whose: string): void {
  if (!isKnownTimeZone(zone)) {
    throw new TimeInputError(`${whose}: "${zone}" is not an IANA time zone (expected e.g. "America/New_York")`);
  }
}

class ZoneOffsetTable {
  /** Per block: the offset in minutes at each of its UTC midnights, plus the next block's first one. */
  private readonly midnightOffsets = new Map<number, Float64Array>();
  /** UTC day number -> first instant (ms) carrying that day's new offset. */
  private readonly changeInstants = new Map<DayNumber, number>();
  private lastBlock = Number.NaN;
  private lastOffsets: Float64Array = new Float64Array(0);

  constructor(readonly timeZone: string) {
    if (!isTimeZone(timeZone)) throw new TimeInputError(`unknown IANA time zone: ${JSON.stringify(timeZone)}`);
  }

  offsetMinutesAt(ms: number): number {
    const utcDay = Math.floor(ms / MS_PER_DAY);
    const block = Math.floor(utcDay / BLOCK_SIZE);
    if (block !== this.lastBlock) {
      this.lastOffsets = this.offsetsForBlock(block);
      this.lastBlock = block;
    }
    const index = utcDay - block * BLOCK_SIZE;
    const atMidnight = this.lastOffsets[index];
    const atNextMidnight = this.lastOffsets[index + 1];
    if (atMidnight === atNextMidnight) return atMidnight;
    return ms < this.changeInstant(utcDay, atMidnight) ? atMidnight : atNextMidnight;
  }

  private offsetsForBlock(block: number): Float64Array {
    let offsets = this.midnightOffsets.get(block);
    if (!offsets) {
      offsets = new Float64Array(BLOCK_SIZE + 1);
      const firstDay = block * BLOCK_SIZE;
      for (let index = 0; index <= BLOCK_SIZE; index++) {
        offsets[index] = tzOffset(this.timeZone, new Date((firstDay + index) * MS_PER_DAY));
      }
      this.midnightOffsets.set(block, offsets);
    }
    return offsets;
  }

  private changeInstant(utcDay: DayNumber, offsetBefore: number): number {
    let instant = this.changeInstants.get(utcDay);
    if (instant === undefined) {
      // Invariant: offset(low) === offsetBefore, offset(high) !== offsetBefore.
      let low = utcDay * MS_PER_DAY;
      let high = low + MS_PER_DAY;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (tzOffset(this.timeZone, new Date(middle)) === offsetBefore) low = middle;
        else high = middle;
      }
      instant = high;
      this.changeInstants.set(utcDay, instant);
    }
    return instant;
  }
}

const tablesByZone = new Map<string, ZoneOffsetTable>();
let lastTable: ZoneOffsetTable | undefined;

function tableFor(timeZone: string): ZoneOffsetTable {
  if (lastTable?.timeZone === timeZone) return lastTable;
  let table = tablesByZone.get(timeZone);
  if (!table) {
    table = new ZoneOffsetTable(timeZone);
    tablesByZone.set(timeZone, table);
  }
  lastTable = table;
  return table;
}

/** Checks an instant from the input; an Invalid Date would otherwise turn into a NaN deadline. */
export function instantMs(instant: Date, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new TimeInputError(`${what}: not a valid instant`);
  return ms;
}

/** UTC offset of `timeZone` at the instant, in minutes (UTC-5 is -300). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  return tableFor(timeZone).offsetMinutesAt(instantMs(instant, 'instant'));
}

/** Day number of the calendar date, in `timeZone`, at the instant `ms` (epoch milliseconds). */
export function localDayNumber(ms: number, timeZone: string): DayNumber {
  const offsetMinutes = tableFor(timeZone).offsetMinutesAt(ms);
  return Math.floor((ms + offsetMinutes * 60_000) / MS_PER_DAY);
}

/**
 * The calendar date in `timeZone` at `instant`, e.g. a hearing's `startsAt` seen from the court, or the day a
 * reminder lands on for someone living in `timeZone`.
 */
export function localDateOf(instant: Date, timeZone: string): CalendarDate {
  return formatDayNumber(localDayNumber(instantMs(instant, 'instant'), timeZone));
}

/** Today's calendar date in a zone: the one "today" for intake, ages, hearings and deadlines. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  return localDateOf(now, timeZone);
}

/** Throws TimeInputError unless `timeZone` is a zone the runtime knows (isTimeZone). */
export function assertTimeZone(timeZone: string): void {
  tableFor(timeZone);
}
