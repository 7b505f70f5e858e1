import { Job } from 'bullmq';
import type { ReminderRecipient } from '../../../src/reminders/planning';

/** Zones of US immigration courts and the families they serve: with and without DST, and island zones. */
export const US_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'Pacific/Guam',
];

/** Wall clock in a zone, read with Intl directly (independent of the code under test). */
export function wallClock(instant: Date, zone: string): { date: string; time: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}`;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time,
    minutes: Number(get('hour')) * 60 + Number(get('minute')) + Number(get('second')) / 60,
  };
}

/** Quiet per the default policy (21:00–07:00) on the recipient's wall clock. */
export function inDefaultQuietHours(instant: Date, zone: string): boolean {
  const { minutes } = wallClock(instant, zone);
  return minutes >= 21 * 60 || minutes < 7 * 60;
}

export const at = (iso: string): Date => new Date(iso);

export function recipient(
  overrides: Partial<ReminderRecipient> & Pick<ReminderRecipient, 'role'>,
): ReminderRecipient {
  return {
    recipientKey: `${overrides.role}:1`,
    language: 'eng',
    channels: ['sms'],
    timeZone: 'America/New_York',
    ...overrides,
  };
}

/** BullMQ's own check on custom job ids (Job#validateOptions): no ':' and not an integer. */
export function assertBullmqJobId(jobId: string): void {
  const job = Job.prototype as unknown as { validateOptions(this: unknown, jobData: unknown): void };
  job.validateOptions.call({ opts: { jobId }, name: 'reminder' }, { data: '{}' });
}
