/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) in the process's local time, as the
 * crontab of the host would read them: numbers, `*`, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists. Day of
 * week is 0-6 from Sunday (7 is Sunday too). When both day fields are restricted a day matching either runs,
 * as in cron. No names (`MON`, `JAN`) and no seconds: every schedule here is written in the code.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron ${field.name}: cannot read '${part}'`);
    const [, range, from, to, step] = match;
    const low = range === '*' ? field.min : Number(from);
    const high =
      range === '*' ? field.max : to !== undefined ? Number(to) : step !== undefined ? field.max : low;
    const every = step !== undefined ? Number(step) : 1;
    if (low < field.min || high > field.max || low > high || every < 1)
      throw new Error(`cron ${field.name}: '${part}' is outside ${field.min}-${field.max}`);
    for (let v = low; v <= high; v += every) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron '${expression}': expected 5 fields, got ${parts.length}`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i]));
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    expression,
    minutes,
    hours,
    days,
    months,
    weekdays,
    anyDay: parts[2] === '*',
    anyWeekday: parts[4] === '*',
  };
}

export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  if (!schedule.minutes.has(at.getMinutes()) || !schedule.hours.has(at.getHours())) return false;
  if (!schedule.months.has(at.getMonth() + 1)) return false;
  const day = schedule.days.has(at.getDate());
  const weekday = schedule.weekdays.has(at.getDay());
  if (schedule.anyDay || schedule.anyWeekday) return day && weekday;
  return day || weekday;
}

/** Longest search: a schedule such as `0 0 29 2 *` runs once in four years (eight across a skipped leap year). */
const SEARCH_MINUTES = 8 * 366 * 24 * 60;

/** The first whole minute strictly after `after` that the schedule matches. */
export function nextCronTime(schedule: CronSchedule, after: Date): Date {
  // Step whole minutes of absolute time: the local fields are read per minute, so DST changes need no care.
  let t = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < SEARCH_MINUTES; i++, t += 60_000) {
    const at = new Date(t);
    if (cronMatches(schedule, at)) return at;
  }
  throw new Error(`cron '${schedule.expression}' never runs`);
}
