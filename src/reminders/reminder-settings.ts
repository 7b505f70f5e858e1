import { z } from 'zod';
import { bool, duration, int } from '../config/env-values';
import { checkReminderPolicy, type ReminderPolicy } from './planning/policy';
import type { QuietHours } from './planning/quiet-hours';
import { isClockTime, isKnownTimeZone, type ClockTime } from '../time';

/*
 * Reminder settings from the environment (merged into the application's config schema in
 * src/config/app-config.ts). Every value is validated here so a bad one stops the process with one line.
 */

/** Reminder intervals accept milliseconds too (tests run the safety nets every few hundred ms). */
const seconds = (fallback: string) => duration(fallback, { milliseconds: true });

export const REMINDER_ENV = {
  /** A whole policy as JSON (same shape as PUT /reminders/policy); used until an admin saves one. */
  REMINDER_POLICY: z
    .string()
    .optional()
    .transform((v, ctx): ReminderPolicy | undefined => {
      if (v === undefined || v.trim() === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
      const check = checkReminderPolicy(parsed);
      if (!check.ok) {
        const first = check.issues[0];
        ctx.addIssue({
          code: 'custom',
          message: `is not a valid policy: ${first.path || '(policy)'}: ${first.message}`,
        });
        return z.NEVER;
      }
      return check.policy;
    }),
  /** `21:00-07:00`, or `off`; replaces the quiet hours of the built-in (or REMINDER_POLICY) policy. */
  REMINDER_QUIET_HOURS: z
    .string()
    .optional()
    .transform((v, ctx): QuietHours | null | undefined => {
      if (v === undefined || v.trim() === '') return undefined;
      if (v.trim() === 'off') return null;
      const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(v.trim());
      if (!m || !isClockTime(m[1]) || !isClockTime(m[2]) || m[1] === m[2]) {
        ctx.addIssue({ code: 'custom', message: `must be like 21:00-07:00, or off (got "${v}")` });
        return z.NEVER;
      }
      return { start: m[1] as ClockTime, end: m[2] as ClockTime };
    }),
  REMINDER_SWEEP_INTERVAL: seconds('1m'),
  REMINDER_RECONCILE_HORIZON: seconds('24h'),
  REMINDER_RECONCILE_DUE_INTERVAL: seconds('10s'),
  REMINDER_DUE_SLACK: seconds('5s'),
  REMINDER_SEND_AHEAD: seconds('1m'),
  REMINDER_CATCHUP_SETTLE: seconds('30s'),
  REMINDER_ATTEMPTS: int(6, 1, 50),
  REMINDER_BACKOFF: seconds('30s'),
  REMINDER_CONCURRENCY: int(16, 1, 256),
  REMINDER_LOCK_DURATION: seconds('30s'),
  REMINDER_SEND_LEASE: seconds('5m'),
  REMINDER_ESCALATE_WITHIN: seconds('72h'),
  REMINDER_ESCALATION_GRACE: seconds('1h'),
  REMINDER_DIGEST_TIME: z
    .string()
    .optional()
    .transform((v, ctx): ClockTime => {
      const value = v === undefined || v === '' ? '07:00' : v.trim();
      if (!isClockTime(value)) {
        ctx.addIssue({ code: 'custom', message: `must be a 24-hour time like 07:00 (got "${v}")` });
        return z.NEVER;
      }
      return value;
    }),
  REMINDER_DIGEST_ZONE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === '' ? 'America/New_York' : v.trim();
      if (!isKnownTimeZone(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be an IANA time zone like America/New_York (got "${v}")`,
        });
        return z.NEVER;
      }
      return value;
    }),
  REMINDER_DIGEST: bool(true),
};

type ReminderEnv = z.infer<z.ZodObject<typeof REMINDER_ENV>>;

export interface ReminderSettings {
  /** Policy to use while no admin-saved policy exists (built-in default when unset). */
  policy: ReminderPolicy | undefined;
  /** undefined: keep the policy's own quiet hours; null: none. */
  quietHours: QuietHours | null | undefined;
  /** Outbox sweep, reconciler and escalation run this often (worker role, once per tick across processes). */
  sweepSeconds: number;
  /** The reconciler checks scheduled reminders due within this horizon (and every overdue one). */
  reconcileHorizonSeconds: number;
  /**
   * Reminders due before the next sweep (and overdue ones still scheduled) are compared with the queue this often,
   * so a job lost at its due moment (Redis flushed) is back within seconds, not a sweep later.
   */
  reconcileDueSeconds: number;
  /** A job may run this early (clock skew between processes) and still send. */
  dueSlackSeconds: number;
  /**
   * Each reminder may go out up to this long before its send time (never inside quiet hours): a burst of
   * reminders due at one moment (every family's 08:00 "morning of") has gone out by then, not trickles out late.
   */
  sendAheadSeconds: number;
  /**
   * A catch-up (everything planned already past) goes this long after planning, not at once: a hearing moved
   * again meanwhile cancels it, so a burst of moves sends one catch-up, for the last time set.
   */
  catchUpSettleSeconds: number;
  attempts: number;
  /** First retry delay; doubles every attempt. */
  backoffSeconds: number;
  concurrency: number;
  /** BullMQ lock: a killed worker's job is picked up again after about this long. */
  lockDurationSeconds: number;
  /** A send claimed by an attempt that never finished is taken over after this long. */
  sendLeaseSeconds: number;
  /** A family with no successful delivery this close to a hearing becomes a coordinator task. */
  escalateWithinSeconds: number;
  /** How long after a hearing was set or moved before escalation looks at it (lets catch-ups go out). */
  escalationGraceSeconds: number;
  digest: { enabled: boolean; localTime: ClockTime; timeZone: string };
}

export function reminderSettings(e: ReminderEnv): ReminderSettings {
  return {
    policy: e.REMINDER_POLICY,
    quietHours: e.REMINDER_QUIET_HOURS,
    sweepSeconds: Math.max(e.REMINDER_SWEEP_INTERVAL, 0.1),
    reconcileHorizonSeconds: e.REMINDER_RECONCILE_HORIZON,
    reconcileDueSeconds: Math.max(e.REMINDER_RECONCILE_DUE_INTERVAL, 0.1),
    dueSlackSeconds: e.REMINDER_DUE_SLACK,
    sendAheadSeconds: e.REMINDER_SEND_AHEAD,
    catchUpSettleSeconds: e.REMINDER_CATCHUP_SETTLE,
    attempts: e.REMINDER_ATTEMPTS,
    backoffSeconds: e.REMINDER_BACKOFF,
    concurrency: e.REMINDER_CONCURRENCY,
    lockDurationSeconds: Math.max(e.REMINDER_LOCK_DURATION, 1),
    sendLeaseSeconds: e.REMINDER_SEND_LEASE,
    escalateWithinSeconds: e.REMINDER_ESCALATE_WITHIN,
    escalationGraceSeconds: e.REMINDER_ESCALATION_GRACE,
    digest: {
      enabled: e.REMINDER_DIGEST,
      localTime: e.REMINDER_DIGEST_TIME,
      timeZone: e.REMINDER_DIGEST_ZONE,
    },
  };
}
