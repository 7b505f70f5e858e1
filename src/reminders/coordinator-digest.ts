import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Scheduler } from '../scheduling/scheduler';
import { ScheduledTask } from '../scheduling/scheduled-task';
import { MailService } from '../mail/mail.service';
import { addDays, clockTimeToMinutes, localDateOf, shortDateTimeIn, wallClockOf } from '../time';
import { caseReference } from './reminder-content';
import { escapeHtml } from './templates';
import { describeError } from '../common/error-log';

export interface DigestSection {
  title: string;
  empty: string;
  lines: string[];
}

export interface Digest {
  subject: string;
  sections: DigestSection[];
}

/** A 'sending' claim older than this belonged to a process that died: try again. */
const STALE_CLAIM_MINUTES = 15;

/**
 * A daily e-mail to each coordinator at REMINDER_DIGEST_TIME in REMINDER_DIGEST_ZONE: unrepresented cases with
 * a hearing within 30 days, reminders that failed or were stopped in the last day, deadlines this week, offers
 * waiting for an answer, and open tasks. Checked every minute in worker processes, once across them (advisory
 * lock); a row per coordinator and local date, claimed before sending, makes it once a day.
 */
@Injectable()
export class CoordinatorDigest {
  private readonly logger = new Logger(CoordinatorDigest.name);
  private readonly schedule: ScheduledTask<number> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    scheduler: Scheduler,
  ) {
    if (config.reminders.digest.enabled) {
      this.schedule = scheduler.add(
        'reminders-digest',
        { everyMs: Math.min(60, config.reminders.sweepSeconds) * 1000 },
        () => this.sendDue(),
        this.logger,
      );
    }
  }

  /** One check now (0 when the digest is off, skipped or failed). */
  async tick(): Promise<number> {
    return (await this.schedule?.tick()) ?? 0;
  }

  /** Sends today's digest to every coordinator who has not had it, once the local digest time has passed. */
  async sendDue(): Promise<number> {
    const { localTime, timeZone } = this.config.reminders.digest;
    const now = this.clock.now();
    const wall = wallClockOf(now, timeZone);
    if (wall.hours * 60 + wall.minutes < clockTimeToMinutes(localTime)) return 0;
    const today = localDateOf(now, timeZone);
    const coordinators = (await this.dataSource.query(
      `SELECT u.id, u.email, u.display_name, u.organization_id FROM users u
       WHERE u.role = 'coordinator' AND u.disabled_at IS NULL AND u.organization_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM coordinator_digests g WHERE g.coordinator_id = u.id AND g.local_date = $1
                         AND (g.status = 'sent' OR (g.status = 'sending' AND g.claimed_at > now() - make_interval(mins => $2))))`,
      [today, STALE_CLAIM_MINUTES],
    )) as { id: string; email: string; display_name: string; organization_id: string }[];
    let sent = 0;
    for (const coordinator of coordinators) {
      const claimed = (await this.dataSource.query(
        `INSERT INTO coordinator_digests (coordinator_id, local_date, status) VALUES ($1, $2, 'sending')
         ON CONFLICT (coordinator_id, local_date) DO UPDATE SET status = 'sending', claimed_at = now(), error = NULL
           WHERE coordinator_digests.status = 'failed'
              OR (coordinator_digests.status = 'sending'
                  AND coordinator_digests.claimed_at < now() - make_interval(mins => $3))
         RETURNING coordinator_id`,
        [coordinator.id, today, STALE_CLAIM_MINUTES],
      )) as unknown[];
      if (claimed.length === 0) continue;
      try {
        const digest = await this.build(coordinator.organization_id, today, now);
        const result = await this.mail.send({
          to: coordinator.email,
          subject: digest.subject,
          text: toText(coordinator.display_name, digest),
          html: toHtml(coordinator.display_name, digest),
          headers: { 'X-Amparo-Digest': today, 'Auto-Submitted': 'auto-generated' },
        });
        await this.dataSource.query(
          `UPDATE coordinator_digests SET status = 'sent', sent_at = now(), provider_message_id = $3
           WHERE coordinator_id = $1 AND local_date = $2`,
          [coordinator.id, today, result.messageId],
        );
        sent += 1;
      } catch (err) {
        await this.dataSource.query(
          `UPDATE coordinator_digests SET status = 'failed', error = $3 WHERE coordinator_id = $1 AND local_date = $2`,
          [coordinator.id, today, String(err).slice(0, 2000)],
        );
        this.logger.warn(`digest to coordinator ${coordinator.id} failed: ${describeError(err)}`);
      }
    }
    return sent;
  }

  /** The digest of one organization for one local day. */
  async build(organizationId: string, today: string, now: Date): Promise<Digest> {
    const urgent = (await this.dataSource.query(
      `SELECT k.id, k.status, c.first_name, c.last_name, min(h.starts_at) AS starts_at,
              (array_agg(h.time_zone ORDER BY h.starts_at))[1] AS time_zone,
              (array_agg(h.location_court_code ORDER BY h.starts_at))[1] AS court
       FROM cases k JOIN children c ON c.id = k.child_id JOIN hearings h ON h.case_id = k.id
       WHERE k.organization_id = $1 AND k.status IN ('intake', 'seeking_counsel', 'offered')
         AND h.status = 'scheduled' AND h.starts_at > $2 AND h.starts_at <= $2::timestamptz + interval '30 days'
       GROUP BY k.id, c.first_name, c.last_name ORDER BY min(h.starts_at) LIMIT 200`,
      [organizationId, now],
    )) as {
      id: string;
      status: string;
      first_name: string;
      last_name: string;
      starts_at: Date;
      time_zone: string;
      court: string;
    }[];

    const problems = (await this.dataSource.query(
      `SELECT r.case_id, r.recipient_role, r.channel, r.status, r.status_reason, r.last_error, r.updated_at,
              c.first_name, c.last_name
       FROM reminders r JOIN cases k ON k.id = r.case_id JOIN children c ON c.id = k.child_id
       WHERE k.organization_id = $1 AND r.updated_at > $2::timestamptz - interval '1 day'
         AND (r.status = 'failed' OR (r.status = 'skipped' AND r.status_reason NOT IN ('superseded'))
              OR (r.status = 'cancelled' AND r.status_reason = 'stopped'))
       ORDER BY r.updated_at DESC LIMIT 200`,
      [organizationId, now],
    )) as {
      case_id: string;
      recipient_role: string;
      channel: string;
      status: string;
      status_reason: string | null;
      last_error: string | null;
      first_name: string;
      last_name: string;
    }[];
    const stops = (await this.dataSource.query(
      `SELECT st.recipient_key, st.channel, st.stopped_at, c.first_name, c.last_name
       FROM reminder_stops st
       JOIN children c ON st.recipient_key = 'child:' || c.id
          OR st.recipient_key IN (SELECT 'sponsor:' || s.id FROM sponsors s WHERE s.child_id = c.id)
       WHERE c.organization_id = $1 AND st.stopped_at > $2::timestamptz - interval '1 day'
       ORDER BY st.stopped_at DESC LIMIT 100`,
      [organizationId, now],
    )) as { recipient_key: string; channel: string; first_name: string; last_name: string }[];

    const deadlines = (await this.dataSource.query(
      `SELECT d.case_id, d.title, d.due_date::text AS due_date, d.actor, c.first_name, c.last_name
       FROM deadlines d JOIN cases k ON k.id = d.case_id JOIN children c ON c.id = k.child_id
       WHERE k.organization_id = $1 AND k.status <> 'closed' AND d.status = 'open'
         AND d.due_date BETWEEN $2::date AND $3::date
       ORDER BY d.due_date LIMIT 200`,
      [organizationId, today, addDays(today, 7)],
    )) as {
      case_id: string;
      title: string;
      due_date: string;
      actor: string;
      first_name: string;
      last_name: string;
    }[];

    let offers: { case_id: string; expires_at: Date; first_name: string; last_name: string }[] | undefined;
    const [{ present }] = (await this.dataSource.query(
      `SELECT to_regclass('public.offers') IS NOT NULL AS present`,
    )) as {
      present: boolean;
    }[];
    if (present) {
      offers = (await this.dataSource.query(
        `SELECT o.case_id, o.expires_at, c.first_name, c.last_name
         FROM offers o JOIN cases k ON k.id = o.case_id JOIN children c ON c.id = k.child_id
         WHERE k.organization_id = $1 AND o.status = 'pending' ORDER BY o.expires_at LIMIT 200`,
        [organizationId],
      )) as { case_id: string; expires_at: Date; first_name: string; last_name: string }[];
    }
    const [{ open }] = (await this.dataSource.query(
      `SELECT count(*)::int AS open FROM coordinator_tasks WHERE organization_id = $1 AND status = 'open'`,
      [organizationId],
    )) as { open: number }[];

    const who = (first: string, last: string, caseId: string) =>
      `${first} ${last} (${caseReference(caseId)})`;
    const sections: DigestSection[] = [
      {
        title: 'No counsel yet, hearing within 30 days',
        empty: 'None.',
        lines: urgent.map(
          (u) =>
            `${who(u.first_name, u.last_name, u.id)}: ${u.status}, hearing ${shortDateTimeIn(u.starts_at, u.time_zone)} at ${u.court}`,
        ),
      },
      {
        title: 'Reminders that failed or were stopped (last 24 hours)',
        empty: 'None.',
        lines: [
          ...problems.map(
            (p) =>
              `${who(p.first_name, p.last_name, p.case_id)}: ${p.recipient_role} by ${p.channel} ${p.status}` +
              `${p.status_reason ? ` (${p.status_reason})` : ''}${p.last_error ? `: ${p.last_error.slice(0, 120)}` : ''}`,
          ),
          ...stops.map(
            (s) =>
              `${s.first_name} ${s.last_name}: the ${s.recipient_key.split(':')[0]} stopped ${s.channel} reminders`,
          ),
        ],
      },
      {
        title: 'Deadlines this week',
        empty: 'None.',
        lines: deadlines.map(
          (d) => `${who(d.first_name, d.last_name, d.case_id)}: ${d.title}, due ${d.due_date} (${d.actor})`,
        ),
      },
      {
        title: 'Offers waiting for an answer',
        empty: present ? 'None.' : 'Offers are not set up yet.',
        lines: (offers ?? []).map(
          (o) =>
            `${who(o.first_name, o.last_name, o.case_id)}: expires ${o.expires_at.toISOString().slice(0, 16)}Z`,
        ),
      },
    ];
    return {
      subject: `Amparo digest ${today}: ${urgent.length} without counsel, ${problems.length + stops.length} delivery problems, ${open} open tasks`,
      sections,
    };
  }
}

function toText(name: string, digest: Digest): string {
  const parts = [`Hello ${name},`, '', 'Your Amparo digest for today.', ''];
  for (const section of digest.sections) {
    parts.push(
      section.title,
      ...(section.lines.length ? section.lines.map((l) => `- ${l}`) : [section.empty]),
      '',
    );
  }
  parts.push('Open tasks: GET /tasks');
  return parts.join('\n');
}

function toHtml(name: string, digest: Digest): string {
  const body = digest.sections
    .map(
      (s) =>
        `<h2>${escapeHtml(s.title)}</h2>` +
        (s.lines.length
          ? `<ul>${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
          : `<p>${escapeHtml(s.empty)}</p>`),
    )
    .join('');
  return `<p>Hello ${escapeHtml(name)},</p><p>Your Amparo digest for today.</p>${body}`;
}
