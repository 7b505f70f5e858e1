import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NewTask, TasksService } from '../tasks/tasks.service';
import { AfterCommit } from './after-commit';
import { isFamilyRole } from './planning';
import { parseRecipientKey } from './recipients';
import { ReminderQueue } from './reminder-queue';
import { returnedRows } from './sql';
import { StopLinkClaims } from './stop-links';

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
  ) {}

  async stop(claims: StopLinkClaims, via: 'link' | 'one_click'): Promise<StopResult> {
    const { role, id } = parseRecipientKey(claims.recipientKey);
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO reminder_stops (recipient_key, channel, via, reminder_id)
         VALUES ($1, $2, $3, (SELECT id FROM reminders WHERE id = $4::uuid))
         ON CONFLICT (recipient_key, channel) DO NOTHING RETURNING id`,
        [claims.recipientKey, claims.channel, via, claims.reminderId ?? null],
      )) as { id: string }[];
      const cancelled = returnedRows<{ dedupe_key: string }>(
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
          taskKey: `family_stopped:${claims.recipientKey}:${claims.channel}:${k.id}`,
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
}
