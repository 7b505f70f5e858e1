import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Scheduler } from '../scheduling/scheduler';
import { ScheduledTask } from '../scheduling/scheduled-task';
import { NewTask, TasksService } from '../tasks/tasks.service';
import { shortDateTimeIn } from '../time';
import { JOB_COLUMNS, JobRow, JobToAdd, ReminderQueue, jobOf } from './reminder-queue';
import { ReminderMetrics } from './reminder-metrics';
import { describeError } from '../common/error-log';

export interface SweepReport {
  /** Committed rows whose jobs were never added (the process died between commit and queue). */
  outbox: number;
  /** Due-soon scheduled rows whose job was missing (e.g. Redis flushed) or had finished. */
  reconciled: number;
  /** Families raised to their coordinator. */
  escalated: number;
}

const PAGE = 5_000;
/** The after-commit hook normally adds the jobs within milliseconds; the sweep leaves fresh rows to it. */
const OUTBOX_GRACE_MS = 2_000;

/**
 * The reminder pipeline's safety nets, every REMINDER_SWEEP_INTERVAL in worker processes, once per tick across
 * all of them (PostgreSQL advisory lock):
 *  - outbox: entries of committed planning transactions whose jobs were never added get them;
 *  - reconciler: every scheduled row due within REMINDER_RECONCILE_HORIZON (and every overdue one) is compared
 *    with the queue, and a missing job is added again — so a flushed Redis loses nothing; the rows due before the
 *    next sweep are checked more often (REMINDER_RECONCILE_DUE_INTERVAL, their own lock), so it delays little;
 *  - escalation: a family with no successful delivery for the current hearing date within
 *    REMINDER_ESCALATE_WITHIN of the hearing becomes a coordinator task.
 */
@Injectable()
export class ReminderMaintenance {
  private readonly logger = new Logger(ReminderMaintenance.name);
  private readonly schedule: ScheduledTask<SweepReport>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: ReminderQueue,
    private readonly tasks: TasksService,
    private readonly metrics: ReminderMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    scheduler: Scheduler,
  ) {
    const settings = config.reminders;
    this.schedule = scheduler.add(
      'reminders-maintenance',
      { everyMs: settings.sweepSeconds * 1000 },
      () => this.sweep(),
      this.logger,
    );
    if (settings.reconcileDueSeconds < settings.sweepSeconds) {
      scheduler.add(
        'reminders-reconcile-due',
        { everyMs: settings.reconcileDueSeconds * 1000 },
        () => this.step('due reconciler', () => this.reconcileDue()),
        this.logger,
      );
    }
  }

  /** One tick (skipped if the previous one still runs here or another process holds the lock). */
  tick(): Promise<SweepReport | undefined> {
    return this.schedule.tick();
  }

  async sweep(): Promise<SweepReport> {
    // Each net on its own: one failing (e.g. the queue unreachable) does not stop the others.
    const outbox = await this.step('outbox', () => this.outbox());
    const reconciled = await this.step('reconciler', () => this.reconcile());
    const escalated = await this.step('escalation', () => this.escalate());
    if (outbox || reconciled || escalated) {
      this.logger.log(
        `reminders: ${outbox} enqueued from the outbox, ${reconciled} re-added, ${escalated} escalated`,
      );
    }
    return { outbox, reconciled, escalated };
  }

  private async step(name: string, work: () => Promise<number>): Promise<number> {
    try {
      return await work();
    } catch (err) {
      this.logger.warn(`reminder ${name} failed this tick: ${describeError(err)}`);
      return 0;
    }
  }

  async outbox(): Promise<number> {
    let total = 0;
    for (;;) {
      const entries = (await this.dataSource.query(
        `SELECT id, reminder_ids FROM reminder_outbox WHERE created_at < $1 ORDER BY id LIMIT 50`,
        [new Date(Date.now() - OUTBOX_GRACE_MS)],
      )) as { id: string; reminder_ids: string[] }[];
      for (const entry of entries) {
        const rows = await this.rows(
          `SELECT ${JOB_COLUMNS} FROM reminders WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
          [entry.reminder_ids],
        );
        await this.queue.addFromOutbox(rows, entry.id, this.dataSource.manager);
        total += rows.length;
        this.metrics.requeued.inc({ source: 'outbox' }, rows.length);
      }
      if (entries.length < 50) break;
    }
    return total;
  }

  /**
   * Every scheduled row due within REMINDER_RECONCILE_HORIZON, or overdue, is compared with the queue.
   * Whether a job is there is asked of the queue, never guessed from the row's age: a job lost at its due moment
   * (Redis flushed) must come back at once, not when the row looks stale. A row whose job just finished while
   * its record is being written gets a second job: harmless, that job finds the send claimed or recorded.
   */
  async reconcile(): Promise<number> {
    const horizon = new Date(this.clock.now().getTime() + this.config.reminders.reconcileHorizonSeconds * 1000);
    return this.reconcileUntil(horizon, 'reconciler');
  }

  /**
   * The rows that go out before the next sweep, and overdue ones still scheduled: checked every
   * REMINDER_RECONCILE_DUE_INTERVAL so a job lost at its due moment is late by seconds, not by a sweep.
   */
  async reconcileDue(): Promise<number> {
    const settings = this.config.reminders;
    // A job starts up to REMINDER_SEND_AHEAD before its send time.
    const until = new Date(
      this.clock.now().getTime() +
        (settings.sweepSeconds + settings.dueSlackSeconds + settings.sendAheadSeconds) * 1000,
    );
    return this.reconcileUntil(until, 'reconciler_due');
  }

  /** Scheduled rows with a send time up to `until` (reminders_due_idx), page by page. */
  private async reconcileUntil(until: Date, source: string): Promise<number> {
    let total = 0;
    let after: { sendAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await this.rows(
        `SELECT ${JOB_COLUMNS} FROM reminders
         WHERE status = 'scheduled' AND send_at <= $1 AND created_at < $4
           AND ($2::timestamptz IS NULL OR (send_at, id) > ($2::timestamptz, $3::uuid))
         ORDER BY send_at, id LIMIT ${PAGE}`,
        [until, after?.sendAt ?? null, after?.id ?? null, new Date(Date.now() - OUTBOX_GRACE_MS)],
      );
      if (rows.length === 0) break;
      const missing = await this.queue.findMissing(rows);
      if (missing.length) {
        // Re-check: a row may have been sent (and its job removed) while we looked.
        const still = await this.rows(
          `SELECT ${JOB_COLUMNS} FROM reminders WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
          [missing.map((r) => r.id)],
        );
        if (still.length) {
          await this.queue.add(still);
          total += still.length;
          this.metrics.requeued.inc({ source }, still.length);
        }
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { sendAt: last.sendAt, id: last.id };
    }
    return total;
  }

  async escalate(): Promise<number> {
    const now = this.clock.now();
    const settings = this.config.reminders;
    const found = (await this.dataSource.query(
      `SELECT h.id, h.case_id, h.version, h.starts_at, h.time_zone, k.organization_id, c.first_name,
              (SELECT string_agg(DISTINCT r.status || coalesce(':' || r.status_reason, ''), ', ')
                 FROM reminders r WHERE r.subject_kind = 'hearing' AND r.subject_id = h.id
                  AND r.subject_version = 'v' || h.version AND r.recipient_role IN ('child', 'sponsor')) AS family_rows
       FROM hearings h
       JOIN cases k ON k.id = h.case_id
       JOIN children c ON c.id = k.child_id
       WHERE h.status = 'scheduled' AND k.status <> 'closed'
         AND h.starts_at > $1 AND h.starts_at <= $2 AND h.updated_at <= $3
         AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.subject_kind = 'hearing' AND r.subject_id = h.id
                          AND r.subject_version = 'v' || h.version AND r.recipient_role IN ('child', 'sponsor')
                          AND r.status = 'sent')
         AND NOT EXISTS (SELECT 1 FROM coordinator_tasks t
                          WHERE t.task_key = 'family_unreachable:hearing:' || h.id || ':v' || h.version)
       ORDER BY h.starts_at LIMIT 1000`,
      [
        now,
        new Date(now.getTime() + settings.escalateWithinSeconds * 1000),
        new Date(now.getTime() - settings.escalationGraceSeconds * 1000),
      ],
    )) as {
      id: string;
      case_id: string;
      version: number;
      starts_at: Date;
      time_zone: string;
      organization_id: string;
      first_name: string;
      family_rows: string | null;
    }[];
    if (found.length === 0) return 0;
    const tasks: NewTask[] = found.map((h) => ({
      organizationId: h.organization_id,
      caseId: h.case_id,
      kind: 'family_unreachable',
      taskKey: `family_unreachable:hearing:${h.id}:v${h.version}`,
      title: `No reminder has reached ${h.first_name}'s family for the hearing on ${shortDateTimeIn(h.starts_at, h.time_zone)}: call them`,
      subjectKind: 'hearing',
      subjectId: h.id,
      details: {
        startsAt: h.starts_at.toISOString(),
        timeZone: h.time_zone,
        hearingVersion: h.version,
        familyReminders: h.family_rows ?? 'none planned (no consent, channel or contact)',
      },
    }));
    return this.tasks.raise(this.dataSource.manager, tasks);
  }

  private async rows(sql: string, params: unknown[]): Promise<JobToAdd[]> {
    return ((await this.dataSource.query(sql, params)) as JobRow[]).map(jobOf);
  }
}
