/**
 * Time, in one place: calendar dates, time zones, "today" in a zone, wall-clock times <-> instants, and the
 * ISO instants clients write. Plain functions (no Nest, no I/O, no clock: `now` is always passed in; the
 * injectable clock is src/clock). Malformed input throws TimeInputError (a RangeError) or returns null/false.
 *
 * - calendar-date.ts: 'YYYY-MM-DD' dates (years 1000–9999), their day numbers, and arithmetic on them.
 * - zones.ts: which names are zones, offsets at an instant (cached per zone), the date an instant falls on.
 * - local-time.ts: wall-clock readings in a zone, DST gaps and overlaps, an instant as shown in a zone.
 * - instant.ts: ISO 8601 instants with their offset, as request fields carry them.
 */
export * from './calendar-date';
export * from './instant';
export * from './local-time';
export * from './time-input-error';
export * from './zones';
