import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FieldCipher } from '../privacy/field-cipher';
import { TasksService } from '../tasks/tasks.service';
import {
  ChannelRegistry,
  ChannelUnavailableError,
  PermanentDeliveryError,
  REMINDER_CHANNELS,
} from './channels/reminder-channel';
import { isFamilyRole, type Channel, type RecipientRole } from './planning';
import { renderReminder, type SendContext } from './reminder-content';
import { ReminderMetrics } from './reminder-metrics';
import { Batcher } from './batcher';
import { runPrepared } from '../database/sql';
import { StopLinks } from './stop-links';
import { describeError } from '../common/error-log';

export type DeliverOutcome =
  | { kind: 'sent'; messageId: string }
  /** Nothing to do: the row is no longer scheduled (sent, cancelled, ...). */
  | { kind: 'done'; status: string }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** Not yet: not due, or another attempt holds the send. Run again at `until`. */
  | { kind: 'wait'; until: Date; reason: string }
  | { kind: 'retry'; error: string }
  | { kind: 'failed'; error: string; permanent: boolean };

interface ContextRow {
  id: string;
  subject_kind: 'hearing' | 'deadline';
  subject_id: string;
  subject_version: string;
  case_id: string;
  organization_id: string;
  recipient_role: RecipientRole;
  recipient_key: string;
  recipient_time_zone: string;
  channel: Channel;
  language: string;
  template_language: string;
  catch_up: boolean;
  start_at: Date;
  send_at: Date;
  status: string;
  case_status: string;
  child_first_name: string;
  child_last_name: string;
  case_court_name: string | null;
  h_version: number | null;
  h_status: string | null;
  h_starts_at: Date | null;
  h_zone: string | null;
  h_type: string | null;
  h_court_name: string | null;
  h_remote: boolean | null;
  h_remote_link: string | null;
  h_remote_instructions: string | null;
  h_location_name: string | null;
  h_location_address: string | null;
  h_location_city: string | null;
  h_location_state: string | null;
  d_status: string | null;
  d_due_date: string | null;
  d_remind_by: string | null;
  d_zone: string | null;
  d_rule_id: string | null;
  d_title: string | null;
  /** The family member's encrypted address on the row's channel (child, sponsor). */
  contact_enc: string | null;
  /** A user's e-mail (attorney, coordinator). */
  user_email: string | null;
  /** Why it cannot be sent now ('cancelled:rescheduled', 'wait:not_due', 'done:sent', …); null when sendable. */
  blocked: string | null;
  /** Set when this call claimed the send. */
  delivery_id: string | null;
  delivery_attempt: number | null;
  /** The delivery record as it was before this call, if any. */
  existing_status: string | null;
  existing_claimed_at: Date | null;
  existing_finished_at: Date | null;
  existing_message_id: string | null;
}

/*
 * One statement, one round trip, for the reminders of all jobs starting at about the same moment: lock the rows,
 * read each with its subject and recipient, decide whether it may be sent now, and if so claim its delivery
 * record (unique per reminder, subject version and channel; a failed attempt, or a claim older than the send
 * lease, can be claimed again). The row's attempt count follows the delivery's when the attempt ends (one write of the row less per send).
 * $1 reminder ids, $2 now, $3 now + due slack, $4 send lease (seconds).
 * Version tokens are written as in planning/dedupe-key.ts: 'v<version>' and '<YYYYMMDD>-<YYYYMMDD>'.
 */
const CLAIM_SQL = `
  WITH r AS (SELECT * FROM reminders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE),
  ctx AS (
    SELECT r.id, r.subject_kind, r.subject_id, r.subject_version, r.case_id, k.organization_id, r.recipient_role,
           r.recipient_key, r.recipient_time_zone, r.channel, r.language, r.template_language, r.catch_up,
           r.start_at, r.send_at, r.status, k.status AS case_status, c.first_name AS child_first_name,
           c.last_name AS child_last_name, kc.name AS case_court_name,
           h.version AS h_version, h.status AS h_status, h.starts_at AS h_starts_at, h.time_zone AS h_zone,
           h.hearing_type AS h_type, hc.name AS h_court_name, h.remote AS h_remote, h.remote_link AS h_remote_link,
           h.remote_instructions AS h_remote_instructions, hl.name AS h_location_name,
           hl.address AS h_location_address, hl.city AS h_location_city, hl.state AS h_location_state,
           d.status AS d_status, d.due_date::text AS d_due_date, d.remind_by::text AS d_remind_by,
           d.time_zone AS d_zone, d.rule_id AS d_rule_id, d.title AS d_title,
           CASE r.recipient_role
             WHEN 'child' THEN CASE r.channel WHEN 'email' THEN rc.email_enc ELSE rc.phone_enc END
             WHEN 'sponsor' THEN CASE r.channel WHEN 'email' THEN rs.email_enc ELSE rs.phone_enc END
           END AS contact_enc,
           CASE WHEN r.channel = 'email' THEN ru.email END AS user_email,
           CASE
             WHEN r.status <> 'scheduled' THEN 'done:' || r.status
             WHEN k.status = 'closed' THEN 'cancelled:case_closed'
             WHEN r.subject_kind = 'hearing' AND h.id IS NULL THEN 'cancelled:hearing_deleted'
             WHEN r.subject_kind = 'hearing' AND h.status <> 'scheduled' THEN 'cancelled:hearing_' || h.status
             WHEN r.subject_kind = 'hearing' AND 'v' || h.version <> r.subject_version THEN 'cancelled:rescheduled'
             WHEN r.subject_kind = 'deadline' AND d.id IS NULL THEN 'cancelled:deadline_deleted'
             WHEN r.subject_kind = 'deadline' AND d.status <> 'open' THEN 'cancelled:deadline_' || d.status
             WHEN r.subject_kind = 'deadline'
                  AND to_char(d.due_date, 'YYYYMMDD') || '-' || to_char(d.remind_by, 'YYYYMMDD') <> r.subject_version
               THEN 'cancelled:recomputed'
             WHEN r.start_at > $3 THEN 'wait:not_due'
             WHEN EXISTS (SELECT 1 FROM reminder_stops st
                          WHERE st.recipient_key = r.recipient_key AND st.channel = r.channel)
               THEN 'cancelled:stopped'
             WHEN r.subject_kind = 'hearing' AND h.starts_at <= $2 THEN 'skipped:hearing_started'
             WHEN r.subject_kind = 'deadline' AND ((d.remind_by + 1)::timestamp AT TIME ZONE d.time_zone) <= $2
               THEN 'skipped:deadline_passed'
             WHEN NOT r.catch_up AND EXISTS (
                    SELECT 1 FROM reminders later
                    WHERE later.subject_id = r.subject_id AND later.subject_kind = r.subject_kind
                      AND later.subject_version = r.subject_version AND later.recipient_key = r.recipient_key
                      AND later.channel = r.channel AND later.id <> r.id AND later.status IN ('scheduled', 'sent')
                      AND later.send_at > r.send_at AND later.start_at <= $3)
               THEN 'skipped:superseded'
             WHEN r.recipient_role = 'child'
                  AND (rc.id IS NULL OR NOT rc.reminder_consent OR rc.contact_purged_at IS NOT NULL)
               THEN 'cancelled:no_consent'
             WHEN r.recipient_role = 'sponsor' AND rs.id IS NULL THEN 'cancelled:recipient_gone'
             WHEN r.recipient_role IN ('attorney', 'coordinator') AND (ru.id IS NULL OR ru.disabled_at IS NOT NULL)
               THEN 'cancelled:recipient_disabled'
             WHEN (r.recipient_role = 'child' AND CASE r.channel WHEN 'email' THEN rc.email_enc ELSE rc.phone_enc END IS NULL)
               OR (r.recipient_role = 'sponsor' AND CASE r.channel WHEN 'email' THEN rs.email_enc ELSE rs.phone_enc END IS NULL)
               OR (r.recipient_role IN ('attorney', 'coordinator') AND r.channel <> 'email')
               THEN 'skipped:no_address'
           END AS blocked
    -- LATERAL look-ups by key, fenced with OFFSET 0: index probes per row, whatever the (generic, prepared) plan
    -- thinks of table sizes.
    FROM r
    JOIN LATERAL (SELECT * FROM cases WHERE id = r.case_id OFFSET 0) k ON true
    JOIN LATERAL (SELECT * FROM children WHERE id = k.child_id OFFSET 0) c ON true
    LEFT JOIN LATERAL (SELECT * FROM courts WHERE code = k.court_code OFFSET 0) kc ON true
    LEFT JOIN LATERAL (SELECT * FROM hearings WHERE r.subject_kind = 'hearing' AND id = r.subject_id OFFSET 0) h ON true
    LEFT JOIN LATERAL (SELECT * FROM courts WHERE code = h.court_code OFFSET 0) hc ON true
    LEFT JOIN LATERAL (SELECT * FROM courts WHERE code = h.location_court_code OFFSET 0) hl ON true
    LEFT JOIN LATERAL (SELECT * FROM deadlines WHERE r.subject_kind = 'deadline' AND id = r.subject_id OFFSET 0) d ON true
    LEFT JOIN LATERAL (SELECT * FROM children
                       WHERE r.recipient_role = 'child' AND id = split_part(r.recipient_key, ':', 2)::uuid OFFSET 0) rc ON true
    LEFT JOIN LATERAL (SELECT * FROM sponsors
                       WHERE r.recipient_role = 'sponsor' AND id = split_part(r.recipient_key, ':', 2)::uuid OFFSET 0) rs ON true
    LEFT JOIN LATERAL (SELECT * FROM users WHERE r.recipient_role IN ('attorney', 'coordinator')
                         AND id = split_part(r.recipient_key, ':', 2)::uuid OFFSET 0) ru ON true
  ),
  claimed AS (
    INSERT INTO reminder_deliveries (reminder_id, subject_version, channel, status, attempt, claimed_at)
    SELECT id, subject_version, channel, 'sending', 1, now() FROM ctx WHERE blocked IS NULL
    ON CONFLICT (reminder_id, subject_version, channel) DO UPDATE
      SET status = 'sending', attempt = reminder_deliveries.attempt + 1, claimed_at = now(), error = NULL,
          finished_at = NULL
      WHERE reminder_deliveries.status = 'failed'
         OR (reminder_deliveries.status = 'sending'
             AND reminder_deliveries.claimed_at < now() - make_interval(secs => $4))
    RETURNING id, reminder_id, attempt
  )
  SELECT ctx.*, claimed.id AS delivery_id, claimed.attempt AS delivery_attempt, ed.status AS existing_status,
         ed.claimed_at AS existing_claimed_at, ed.finished_at AS existing_finished_at,
         ed.provider_message_id AS existing_message_id
  FROM ctx
  LEFT JOIN claimed ON claimed.reminder_id = ctx.id
  LEFT JOIN LATERAL (SELECT * FROM reminder_deliveries
                     WHERE reminder_id = ctx.id AND subject_version = ctx.subject_version AND channel = ctx.channel
                     OFFSET 0) ed
    ON true`;

/**
 * Deliveries and rows become 'sent' together, for every send that finished in the same turn of the event loop.
 * $1 reminder ids, $2 delivery ids, $3 message ids, $4 sent at, $5 attempts.
 */
const MARK_SENT_SQL = `
  WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::int[])
      AS x(reminder_id, delivery_id, message_id, sent_at, attempt)),
  d AS (
    UPDATE reminder_deliveries rd SET status = 'sent', finished_at = x.sent_at, provider_message_id = x.message_id
    FROM x WHERE rd.id = ANY($2::uuid[]) AND rd.id = x.delivery_id AND rd.attempt = x.attempt RETURNING rd.id)
  UPDATE reminders r SET status = 'sent', sent_at = x.sent_at, provider_message_id = x.message_id, last_error = NULL,
         attempts = greatest(r.attempts, x.attempt),
         status_reason = CASE WHEN r.status = 'scheduled' THEN NULL ELSE 'sent_while_' || r.status END,
         updated_at = now()
  FROM x WHERE r.id = ANY($1::uuid[]) AND r.id = x.reminder_id AND r.status IN ('scheduled', 'cancelled')`;

interface SentMark {
  reminderId: string;
  deliveryId: string;
  messageId: string;
  sentAt: Date;
  attempt: number;
}

/** Deterministic per reminder × subject version × channel: every attempt at one send has the same Message-ID. */
function messageKeyOf(row: ContextRow, publicBaseUrl: string): string {
  let host = 'amparo.invalid';
  try {
    host = new URL(publicBaseUrl).hostname || host;
  } catch {
    // keep the placeholder domain
  }
  return `reminder.${row.id}.${row.subject_version}.${row.channel}@${host}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one reminder, exactly as the row says and only if it still should go:
 *  1. re-read the row with its hearing/deadline: still scheduled, for the CURRENT version, due, not stopped;
 *  2. claim the delivery record (unique per reminder, version and channel) in a transaction that locks the row
 *     and shares the subject's lock — a second send of the same reminder cannot claim it;
 *  3. send through the channel; 4. mark delivery and row sent in one statement (retried in-process through a
 *     database outage, since the outcome is known). A claim whose owner died (worker killed) is taken over after
 *     REMINDER_SEND_LEASE.
 */
@Injectable()
export class ReminderSender {
  private readonly logger = new Logger(ReminderSender.name);
  /** Sends accepted by the provider whose record is still being written. */
  private readonly recording = new Set<Promise<void>>();
  /** Reminders being delivered by this process (a second job for one of them waits). */
  private readonly inFlight = new Set<string>();
  private readonly claims = new Batcher<string, ContextRow>(
    async (ids) => {
      const now = this.clock.now();
      const settings = this.config.reminders;
      const rows = await runPrepared<ContextRow>(this.dataSource, 'amparo_reminder_claim', CLAIM_SQL, [
        ids,
        now,
        new Date(now.getTime() + settings.dueSlackSeconds * 1000),
        settings.sendLeaseSeconds,
      ]);
      return new Map(rows.map((row) => [row.id, row]));
    },
    { maxSize: 64, maxDelayMs: 0 },
  );
  // No added delay: the time between the provider's acceptance and this commit is the only window in which a
  // killed worker leaves a send it cannot account for.
  private readonly marks = new Batcher<SentMark, true>(
    async (marks) => {
      await runPrepared(this.dataSource, 'amparo_reminder_sent', MARK_SENT_SQL, [
        marks.map((m) => m.reminderId),
        marks.map((m) => m.deliveryId),
        marks.map((m) => m.messageId),
        marks.map((m) => m.sentAt),
        marks.map((m) => m.attempt),
      ]);
      return new Map(marks.map((m) => [m, true]));
    },
    { maxSize: 64, maxDelayMs: 0 },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REMINDER_CHANNELS) private readonly channels: ChannelRegistry,
    private readonly cipher: FieldCipher,
    private readonly stopLinks: StopLinks,
    private readonly tasks: TasksService,
    private readonly metrics: ReminderMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(reminderId: string, attempt: { number: number; max: number }): Promise<DeliverOutcome> {
    if (this.inFlight.has(reminderId)) {
      return { kind: 'wait', until: new Date(Date.now() + 2_000), reason: 'already being delivered here' };
    }
    this.inFlight.add(reminderId);
    try {
      return await this.deliverOnce(reminderId, attempt);
    } finally {
      this.inFlight.delete(reminderId);
    }
  }

  private async deliverOnce(
    reminderId: string,
    attempt: { number: number; max: number },
  ): Promise<DeliverOutcome> {
    const row = await this.claims.get(reminderId);
    if (!row) return { kind: 'done', status: 'missing' };
    const outcome = await this.attempt(row, attempt);
    this.logOutcome(row, attempt, outcome);
    return outcome;
  }

  /**
   * One line per business event of a send: sent, failed, retrying, skipped or cancelled (not the no-ops: already
   * done, not due yet). Ids, channel, role, attempt and a reason code only: never an address, a name or the
   * provider's error text (a mail server names the refused address). The error is kept on the row.
   */
  private logOutcome(
    row: ContextRow,
    attempt: { number: number; max: number },
    outcome: DeliverOutcome,
  ): void {
    if (outcome.kind === 'done' || outcome.kind === 'wait') return;
    const line = {
      event: `reminder.${outcome.kind}`,
      reminderId: row.id,
      caseId: row.case_id,
      subject: row.subject_kind,
      recipientRole: row.recipient_role,
      channel: row.channel,
      attempt: attempt.number,
      maxAttempts: attempt.max,
      outcome: outcome.kind,
    };
    switch (outcome.kind) {
      case 'sent':
        this.logger.log(line, 'reminder sent');
        break;
      case 'retry':
        this.logger.warn(line, 'reminder not delivered, will retry');
        break;
      case 'failed':
        this.logger.warn({ ...line, permanent: outcome.permanent }, 'reminder failed');
        break;
      case 'skipped':
      case 'cancelled':
        this.logger.log({ ...line, reason: outcome.reason.split(':')[0] }, `reminder ${outcome.kind}`);
        break;
    }
  }

  private async attempt(row: ContextRow, attempt: { number: number; max: number }): Promise<DeliverOutcome> {
    const now = this.clock.now();
    if (!row.delivery_id || row.delivery_attempt === null) return this.notClaimed(row);
    const claim = { deliveryId: row.delivery_id, attempt: row.delivery_attempt };

    let channel;
    try {
      channel = this.channels.get(row.channel);
    } catch (err) {
      await this.releaseClaim(claim, (err as Error).message);
      return this.finish(row, 'skipped', `channel_unavailable: ${(err as Error).message}`);
    }
    const address = row.contact_enc !== null ? this.cipher.decrypt(row.contact_enc) : row.user_email;

    let message;
    try {
      if (!address) throw new Error('no address');
      const stopUrl = this.stopLinks.url({
        recipientKey: row.recipient_key,
        channel: row.channel,
        language: row.template_language,
        reminderId: row.id,
      });
      const rendered = renderReminder(
        this.sendContext(row),
        { stopUrl, caseUrl: `${this.config.http.publicBaseUrl}/cases/${row.case_id}` },
        now,
      );
      message = {
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        stopUrl,
        reminderId: row.id,
        messageKey: messageKeyOf(row, this.config.http.publicBaseUrl),
      };
    } catch (err) {
      const error = `could not prepare the message: ${(err as Error).message}`;
      await this.markFailed(row, claim, error, { final: true, permanent: true });
      return { kind: 'failed', error, permanent: true };
    }

    let receipt;
    try {
      receipt = await channel.send(message, address);
    } catch (err) {
      const error = (err as Error).message ?? String(err);
      if (err instanceof ChannelUnavailableError) {
        await this.releaseClaim(claim, error);
        return this.finish(row, 'skipped', `channel_unavailable: ${error}`);
      }
      const permanent = err instanceof PermanentDeliveryError;
      const final = permanent || attempt.number >= attempt.max;
      await this.markFailed(row, claim, error, { final, permanent });
      if (final) return { kind: 'failed', error, permanent };
      this.metrics.retried.inc({ channel: row.channel });
      return { kind: 'retry', error };
    }
    // Recorded at once (batched with other sends finishing now) but not awaited by the job: its concurrency slot
    // goes to the next reminder meanwhile. The record is retried through a database outage, and shutdown waits
    // for it (drain). If the process dies first, the claim's lease expiry decides, as for a send cut short.
    const sentAt = this.clock.now();
    const recording = this.markSent(row, claim, receipt.messageId, sentAt).then(
      () => {
        this.metrics.sent.inc({ channel: row.channel, role: row.recipient_role });
        this.metrics.lateness.observe(
          { channel: row.channel },
          Math.max(0, (sentAt.getTime() - row.send_at.getTime()) / 1000),
        );
      },
      (err: unknown) =>
        this.logger.error(`reminder ${row.id} was sent but could not be recorded: ${describeError(err)}`),
    );
    this.recording.add(recording);
    void recording.finally(() => this.recording.delete(recording));
    return { kind: 'sent', messageId: receipt.messageId };
  }

  /** Waits until every send of this process is recorded (called at shutdown, after the worker stopped). */
  async drain(): Promise<void> {
    while (this.recording.size) await Promise.allSettled([...this.recording]);
  }

  /** Not claimed: record why (cancelled, skipped), wait, or repair a send recorded only in its delivery. */
  private async notClaimed(row: ContextRow): Promise<DeliverOutcome> {
    const lease = this.config.reminders.sendLeaseSeconds;
    if (row.blocked) {
      const [kind, ...rest] = row.blocked.split(':');
      const reason = rest.join(':');
      if (kind === 'done') return { kind: 'done', status: reason };
      if (kind === 'wait') return { kind: 'wait', until: row.start_at, reason };
      return this.finish(row, kind === 'cancelled' ? 'cancelled' : 'skipped', reason);
    }
    if (row.existing_status === 'sent') {
      // Sent, but the row was not updated (the sender lost the database at that moment): repair it.
      await this.dataSource.query(
        `UPDATE reminders SET status = 'sent', sent_at = $2, provider_message_id = $3, updated_at = now()
         WHERE id = $1 AND status = 'scheduled'`,
        [row.id, row.existing_finished_at ?? row.existing_claimed_at, row.existing_message_id],
      );
      return { kind: 'done', status: 'sent' };
    }
    // Another attempt holds the send (or held it and died): look again when its lease runs out.
    const claimedAt = row.existing_claimed_at ?? this.clock.now();
    return {
      kind: 'wait',
      until: new Date(claimedAt.getTime() + lease * 1000 + 100),
      reason: 'another attempt holds the send',
    };
  }

  private sendContext(row: ContextRow): SendContext {
    return {
      reminderId: row.id,
      subjectKind: row.subject_kind,
      caseId: row.case_id,
      recipientRole: row.recipient_role,
      recipientZone: row.recipient_time_zone,
      language: row.template_language,
      childFirstName: row.child_first_name,
      childLastName: row.child_last_name,
      caseCourtName: row.case_court_name,
      hearing:
        row.subject_kind === 'hearing' && row.h_starts_at && row.h_zone
          ? {
              startsAt: row.h_starts_at,
              zone: row.h_zone,
              type: row.h_type ?? 'other',
              courtName: row.h_court_name,
              remote: row.h_remote ?? false,
              remoteLink: row.h_remote_link,
              remoteInstructions: row.h_remote_instructions,
              locationName: row.h_location_name,
              locationAddress: row.h_location_address,
              locationCity: row.h_location_city,
              locationState: row.h_location_state,
            }
          : undefined,
      deadline:
        row.subject_kind === 'deadline' && row.d_due_date && row.d_zone
          ? {
              ruleId: row.d_rule_id ?? '',
              title: row.d_title ?? '',
              dueDate: row.d_due_date,
              zone: row.d_zone,
            }
          : undefined,
    };
  }

  /** One statement: delivery and row become 'sent' together. Retried while the database is unreachable. */
  private async markSent(
    row: ContextRow,
    claim: { deliveryId: string; attempt: number },
    messageId: string,
    sentAt: Date,
  ): Promise<void> {
    const giveUpAt = Date.now() + Math.max(5, this.config.reminders.sendLeaseSeconds * 0.8) * 1000;
    for (let wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await this.marks.get({
          reminderId: row.id,
          deliveryId: claim.deliveryId,
          messageId,
          sentAt,
          attempt: claim.attempt,
        });
        return;
      } catch (err) {
        if (Date.now() + wait > giveUpAt) throw err;
        this.logger.warn(`reminder ${row.id} was sent; recording it failed, retrying: ${describeError(err)}`);
        await sleep(wait);
      }
    }
  }

  private async releaseClaim(claim: { deliveryId: string; attempt: number }, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reminder_deliveries SET status = 'failed', finished_at = now(), error = $3 WHERE id = $1 AND attempt = $2`,
      [claim.deliveryId, claim.attempt, error.slice(0, 2000)],
    );
  }

  private async markFailed(
    row: ContextRow,
    claim: { deliveryId: string; attempt: number } | null,
    error: string,
    { final, permanent }: { final: boolean; permanent: boolean },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (claim) {
        await manager.query(
          `UPDATE reminder_deliveries SET status = 'failed', finished_at = now(), error = $3
           WHERE id = $1 AND attempt = $2`,
          [claim.deliveryId, claim.attempt, error.slice(0, 2000)],
        );
      }
      await manager.query(
        `UPDATE reminders SET last_error = $2, updated_at = now(), attempts = greatest(attempts, $4),
                status = CASE WHEN $3 THEN 'failed' ELSE status END,
                status_reason = CASE WHEN $3 THEN 'delivery_failed' ELSE status_reason END
         WHERE id = $1 AND status = 'scheduled'`,
        [row.id, error.slice(0, 2000), final, claim?.attempt ?? 0],
      );
      if (final) {
        this.metrics.failed.inc({
          channel: row.channel,
          role: row.recipient_role,
          permanent: String(permanent),
        });
        if (isFamilyRole(row.recipient_role)) await this.raiseFailureTask(manager, row, error);
      }
    });
  }

  private async raiseFailureTask(manager: EntityManager, row: ContextRow, error: string): Promise<void> {
    await this.tasks.raise(manager, [
      {
        organizationId: row.organization_id,
        caseId: row.case_id,
        kind: 'delivery_failed',
        taskKey: `delivery_failed:${row.subject_kind}:${row.subject_id}:${row.subject_version}:${row.recipient_key}:${row.channel}`,
        title: `A reminder to the ${row.recipient_role} (${row.channel}) could not be delivered: check their contact details`,
        subjectKind: row.subject_kind,
        subjectId: row.subject_id,
        recipientKey: row.recipient_key,
        details: { reminderId: row.id, error: error.slice(0, 500) },
      },
    ]);
  }

  private async finish(
    row: ContextRow,
    status: 'cancelled' | 'skipped',
    reason: string,
  ): Promise<DeliverOutcome> {
    await this.dataSource.query(
      `UPDATE reminders SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1 AND status = 'scheduled'`,
      [row.id, status, reason],
    );
    if (status === 'skipped') this.metrics.skipped.inc({ reason: reason.split(':')[0] });
    return status === 'cancelled' ? { kind: 'cancelled', reason } : { kind: 'skipped', reason };
  }
}
