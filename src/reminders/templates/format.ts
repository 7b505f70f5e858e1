import {
  calendarDateParts,
  daysBetween,
  localDateOf,
  wallClockOf,
  zoneOffsetMinutes,
  type CalendarDate,
} from '../../time';
import type { MessageCatalog } from './catalog/types';
import { fillText } from './message-text';

// ICU puts narrow/no-break spaces in times ("9:00 AM"); plain spaces read the same and keep SMS cheap.
const normalizeSpaces = (text: string): string => text.replace(/[\u202f\u00a0]/g, ' ');

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** 'America/Indiana/Indianapolis' → 'Indianapolis', 'America/New_York' → 'New York'. */
export function cityOfZone(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

function zoneNameLocale(catalog: MessageCatalog): string {
  return catalog.dates.kind === 'intl' ? catalog.dates.locale : catalog.dates.zoneNameLocale;
}

/** The zone as people say it, e.g. "Eastern Time (New York)", "hora oriental (New York)". */
export function zoneLabel(zone: string, at: Date, catalog: MessageCatalog): string {
  const parts = formatter(zoneNameLocale(catalog), {
    timeZone: zone,
    timeZoneName: 'longGeneric',
  }).formatToParts(at);
  const zoneName = parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
  return normalizeSpaces(
    fillText(catalog.patterns.zone, { zoneName, city: cityOfZone(zone) }, catalog.htmlLang),
  );
}

function dateOnly(date: CalendarDate, catalog: MessageCatalog): string {
  const { year, month, day } = calendarDateParts(date);
  const utcNoon = new Date(Date.UTC(year, month - 1, day, 12));
  if (catalog.dates.kind === 'intl') {
    const options: Intl.DateTimeFormatOptions = {
      timeZone: 'UTC',
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    };
    return normalizeSpaces(formatter(catalog.dates.locale, options).format(utcNoon));
  }
  const names = catalog.dates;
  // Year as text: a number argument would be formatted with a thousands separator ("2,026").
  const values = {
    weekday: names.weekdays[utcNoon.getUTCDay()],
    day,
    month: names.months[month - 1],
    year: String(year),
  };
  return fillText(names.date, values, catalog.htmlLang);
}

function timeOnly(instant: Date, zone: string, catalog: MessageCatalog): string {
  if (catalog.dates.kind === 'intl') {
    const options: Intl.DateTimeFormatOptions = { timeZone: zone, hour: 'numeric', minute: '2-digit' };
    return normalizeSpaces(formatter(catalog.dates.locale, options).format(instant));
  }
  const { hours, minutes } = wallClockOf(instant, zone);
  const time = `${hours % 12 || 12}:${String(minutes).padStart(2, '0')}`;
  const part = hours < 12 ? 'morning' : hours < 18 ? 'afternoon' : 'evening';
  return fillText(catalog.dates.time[part], { time }, catalog.htmlLang);
}

/** "Tuesday, March 3, 2026, 9:00 AM Eastern Time (New York)" — the wall clock in `zone`, zone named. */
export function formatDateTimeInZone(instant: Date, zone: string, catalog: MessageCatalog): string {
  const values = {
    date: dateOnly(localDateOf(instant, zone), catalog),
    time: timeOnly(instant, zone, catalog),
    zone: zoneLabel(zone, instant, catalog),
  };
  return fillText(catalog.patterns.dateTime, values, catalog.htmlLang);
}

/** A calendar date as it is, with the zone it is counted in: "Tuesday, March 10, 2026, Eastern Time (New York)". */
export function formatDateInZone(date: CalendarDate, zone: string, catalog: MessageCatalog): string {
  const { year, month, day } = calendarDateParts(date);
  const values = {
    date: dateOnly(date, catalog),
    zone: zoneLabel(zone, new Date(Date.UTC(year, month - 1, day, 12)), catalog),
  };
  return fillText(catalog.patterns.dateWithZone, values, catalog.htmlLang);
}

/** Whether two zones show different wall-clock times at `instant` (so both are worth showing). */
export function clocksDiffer(instant: Date, zoneA: string, zoneB: string): boolean {
  return zoneOffsetMinutes(instant, zoneA) !== zoneOffsetMinutes(instant, zoneB);
}

/** "today" / "tomorrow" / "in 3 days", counted on the recipient's calendar. */
export function relativeDay(now: Date, instant: Date, zone: string, catalog: MessageCatalog): string {
  const days = daysBetween(localDateOf(now, zone), localDateOf(instant, zone));
  if (days < 0) {
    throw new RangeError(`Not rendering a reminder for ${instant.toISOString()}: it is already past`);
  }
  return fillText(catalog.relativeDay, { days }, catalog.htmlLang);
}
