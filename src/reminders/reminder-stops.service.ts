import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { visibility } from '../auth/visibility';
import { NewTask, TasksService } from '../tasks/tasks.service';
import { AfterCommit } from '../database/after-commit';
import { isFamilyRole, type Channel, type RecipientRole } from './planning';
import { parseRecipientKey } from './recipients';
import { PlanOutcome, ReminderPlanner } from './reminder-planner.service';
import { ReminderQueue } from './reminder-queue';
import { rowsOf } from '../database/sql';
import { StopLinkClaims } from './stop-links';

export interface RestartResult {
  /** False when this recipient was not stopped on this channel (nothing to do). */
  restarted: boolean;
  replanned: PlanOutcome;
}

export interface ReminderStopView {
  id: string;
  recipientRole: RecipientRole;
  recipientKey: string;
  channel: Channel;
  via: 'link' | 'one_click' | 'staff';
  stoppedAt: Date;
}

interface StopRow {
  id: string;
  recipient_key: string;
  channel: Channel;
  via: 'link' | 'one_click' | 'staff';
  stopped_at: Date;
}

/** The cases whose reminders a recipient gets (re-planned when they start again). */
const CASES_OF: Record<RecipientRole, string> = {
  child: `k.child_id = $1`,
  sponsor: `k.child_id = (SELECT child_id FROM sponsors WHERE id = $1)`,
  attorney: `k.attorney_id IN (SELECT id FROM attorneys WHERE user_id = $1)`,
  coordinator: `k.organization_id = (SELECT organization_id FROM users WHERE id = $1)`,
};

export interface StopResult {
  /** False when this recipient had already stopped this channel. */
  newlyStopped: boolean;
  cancelled: number;
}

/**
 * A stop link was used: the recipient gets nothing more on that channel. In one transaction the stop is
 * recorded (planning leaves the channel out from now on), their scheduled reminders are cancelled, and for a
 * family member the coordinator of each open case gets a task; the queue jobs are removed after commit (a job
 * left behind finds its row cancelled, and the processor checks stops again before sending).
 */
@Injectable()
export class ReminderStops {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly afterCommit: AfterCommit,
    private readonly queue: ReminderQueue,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly planner: ReminderPlanner,
  ) {}

  /** Whether this recipient has stopped this channel (the stop page shows "start again" instead of "stop"). */
  async isStopped(claims: StopLinkClaims): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM reminder_stops WHERE recipient_key = $1 AND channel = $2`,
      [claims.recipientKey, claims.channel],
    )) as unknown[];
    return rows.length > 0;
  }

  async stop(claims: StopLinkClaims, via: 'link' | 'one_click'): Promise<StopResult> {
    const { role, id } = parseRecipientKey(claims.recipientKey);
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO reminder_stops (recipient_key, channel, via, reminder_id)
         VALUES ($1, $2, $3, (SELECT id FROM reminders WHERE id = $4::uuid))
         ON CONFLICT (recipient_key, channel) DO NOTHING RETURNING id`,
        [claims.recipientKey, claims.channel, via, claims.reminderId ?? null],
      )) as { id: string }[];
      const cancelled = rowsOf<{ dedupe_key: string }>(
        await manager.query(
          `UPDATE reminders SET status = 'cancelled', status_reason = 'stopped', updated_at = now()
         WHERE recipient_key = $1 AND channel = $2 AND status = 'scheduled' RETURNING dedupe_key`,
          [claims.recipientKey, claims.channel],
        ),
      );
      if (inserted.length && isFamilyRole(role)) {
        const cases = (await manager.query(
          role === 'child'
            ? `SELECT k.id, k.organization_id FROM cases k WHERE k.child_id = $1 AND k.status <> 'closed'`
            : `SELECT k.id, k.organization_id FROM cases k JOIN sponsors s ON s.child_id = k.child_id
               WHERE s.id = $1 AND k.status <> 'closed'`,
          [id],
        )) as { id: string; organization_id: string }[];
        const tasks: NewTask[] = cases.map((k) => ({
          organizationId: k.organization_id,
          caseId: k.id,
          kind: 'family_stopped',
          // The stop's id: stopping again after starting again is a new situation for the coordinator.
          taskKey: `family_stopped:${claims.recipientKey}:${claims.channel}:${k.id}:${inserted[0].id}`,
          title: `The ${role} stopped ${claims.channel === 'sms' ? 'text' : 'e-mail'} reminders: agree another way to remind them of hearings`,
          recipientKey: claims.recipientKey,
          details: { channel: claims.channel, via },
        }));
        await this.tasks.raise(manager, tasks);
      }
      if (inserted.length) {
        await this.audit.record(
          {
            action: 'reminder.stop',
            entityType: 'recipient',
            entityId: claims.recipientKey,
            details: { channel: claims.channel, via, cancelled: cancelled.length },
          },
          manager,
        );
      }
      const keys = cancelled.map((r) => r.dedupe_key);
      if (keys.length) await this.afterCommit.run(manager, () => this.queue.remove(keys));
      return { newlyStopped: inserted.length > 0, cancelled: cancelled.length };
    });
  }

  /**
   * Starts a stopped channel again — from the stop page (the signed link) or by a coordinator — and re-plans the
   * recipient's upcoming reminders in the same transaction (rows cancelled by the stop come back, new ones are
   * created). The stop row goes (the sender and planner read it); the audit log keeps both events. The
   * coordinator's open `family_stopped` task for it is closed.
   */
  async restart(recipientKey: string, channel: Channel, via: 'link' | 'staff'): Promise<RestartResult> {
    const { role, id } = parseRecipientKey(recipientKey);
    return this.dataSource.transaction(async (manager) => {
      const removed = rowsOf<{ id: string }>(
        await manager.query(
          `DELETE FROM reminder_stops WHERE recipient_key = $1 AND channel = $2 RETURNING id`,
          [recipientKey, channel],
        ),
      );
      if (removed.length === 0) {
        return { restarted: false, replanned: { subjects: 0, created: 0, revived: 0, cancelled: 0 } };
      }
      await manager.query(
        `UPDATE coordinator_tasks SET status = 'done', done_at = now(), updated_at = now(),
                note = coalesce(note || ' ', '') || $3
         WHERE kind = 'family_stopped' AND status = 'open' AND recipient_key = $1 AND details->>'channel' = $2`,
        [
          recipientKey,
          channel,
          via === 'link' ? 'They turned reminders back on.' : 'Reminders turned back on by staff.',
        ],
      );
      const replanned = await this.planner.replanWhere(manager, CASES_OF[role], [id]);
      await this.audit.record(
        {
          action: 'reminder.restart',
          entityType: 'recipient',
          entityId: recipientKey,
          details: { channel, via, stopId: removed[0].id, replanned },
        },
        manager,
      );
      return { restarted: true, replanned };
    });
  }

  /** The stops of a child and their sponsor, for the child's coordinators and admins (else 404). */
  async listForChild(user: AuthenticatedUser, childId: string): Promise<ReminderStopView[]> {
    const [child] = (await this.dataSource.query(`SELECT organization_id FROM children WHERE id = $1`, [
      childId,
    ])) as { organization_id: string }[];
    // A family's stops are kept by the child's organization (attorneys never reach this route).
    if (!child || !visibility.reminderStop.sees(user, { organizationId: child.organization_id })) {
      throw visibility.child.hidden(childId);
    }
    const rows = (await this.dataSource.query(
      `SELECT id, recipient_key, channel, via, stopped_at FROM reminder_stops
       WHERE recipient_key = 'child:' || $1::text
          OR recipient_key IN (SELECT 'sponsor:' || s.id FROM sponsors s WHERE s.child_id = $1::uuid)
       ORDER BY stopped_at, id`,
      [childId],
    )) as StopRow[];
    return rows.map(toStopView);
  }

  /**
   * A coordinator (of the family's organization) or an admin turns a recipient's channel back on. Stops of
   * counsel and coordinators are for admins only. Anything not visible is a 404.
   */
  async restartById(
    user: AuthenticatedUser,
    stopId: string,
  ): Promise<{ stop: ReminderStopView; replanned: PlanOutcome }> {
    const [row] = (await this.dataSource.query(
      `SELECT st.id, st.recipient_key, st.channel, st.via, st.stopped_at,
              coalesce(c.organization_id, sc.organization_id) AS organization_id
       FROM reminder_stops st
       LEFT JOIN children c ON st.recipient_key = 'child:' || c.id
       LEFT JOIN sponsors s ON st.recipient_key = 'sponsor:' || s.id
       LEFT JOIN children sc ON sc.id = s.child_id
       WHERE st.id = $1`,
      [stopId],
    )) as (StopRow & { organization_id: string | null })[];
    visibility.reminderStop.check(user, row && { organizationId: row.organization_id }, stopId);
    const result = await this.restart(row.recipient_key, row.channel, 'staff');
    if (!result.restarted) {
      throw visibility.reminderStop.hidden(stopId);
    }
    return { stop: toStopView(row), replanned: result.replanned };
  }
}

function toStopView(row: StopRow): ReminderStopView {
  return {
    id: row.id,
    recipientRole: parseRecipientKey(row.recipient_key).role,
    recipientKey: row.recipient_key,
    channel: row.channel,
    via: row.via,
    stoppedAt: row.stopped_at,
  };
}
