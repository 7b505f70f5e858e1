import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { positional, visibility } from '../auth/visibility';
import { CasesService } from '../cases/cases.service';
import { Page } from '../common/pagination';
import { QUEUE_CONNECTION } from '../queue/queue.module';
import type { QueueConnection } from '../queue/queue-connection';
import type { ReminderPolicy } from './planning';
import { PolicyReplans, ReplanView } from './policy-replan';
import { EffectivePolicy, ReminderPolicyService } from './reminder-policy.service';
import { ReminderQueue } from './reminder-queue';
import { DeliveryView, ReminderDetailView, ReminderQueryDto, ReminderView } from './reminders.dto';

interface ReminderRow {
  id: string;
  case_id: string;
  subject_kind: 'hearing' | 'deadline';
  subject_id: string;
  subject_version: string;
  recipient_role: ReminderView['recipientRole'];
  recipient_key: string;
  recipient_time_zone: string;
  channel: 'email' | 'sms';
  language: string;
  template_language: string;
  call_needed: boolean;
  offset_key: string;
  catch_up: boolean;
  start_at: Date;
  send_at: Date;
  due_at: Date;
  status: ReminderView['status'];
  status_reason: string | null;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface QueueOverview {
  backend: 'redis' | 'postgres';
  jobs: Record<string, number>;
  rows: Record<string, number>;
  /** Reminders in the outbox: committed, jobs not yet confirmed added (the outbox sweep picks them up). */
  notEnqueued: number;
  /** Scheduled rows whose send time has passed by more than a minute. */
  overdue: number;
}

/** Reads for people: which reminders exist for a case, what happened to each, and the policy. */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly policies: ReminderPolicyService,
    private readonly replans: PolicyReplans,
    private readonly queue: ReminderQueue,
    private readonly audit: AuditService,
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
  ) {}

  async list(user: AuthenticatedUser, query: ReminderQueryDto): Promise<Page<ReminderView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.caseId) {
      await this.cases.findVisible(user, query.caseId);
      add('r.case_id = ?', query.caseId);
    } else {
      where.push(visibility.reminder.where(user, 'r', positional(params)));
    }
    if (query.subjectId) add('r.subject_id = ?', query.subjectId);
    if (query.status) add('r.status = ?', query.status);
    if (query.recipientRole) add('r.recipient_role = ?', query.recipientRole);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM reminders r ${filter}`,
      params,
    )) as {
      total: number;
    }[];
    const rows = (await this.dataSource.query(
      `SELECT r.* FROM reminders r ${filter} ORDER BY r.send_at, r.recipient_key, r.channel, r.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    )) as ReminderRow[];
    return { items: rows.map(toView), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthenticatedUser, id: string): Promise<ReminderDetailView> {
    const params: unknown[] = [id];
    const [row] = (await this.dataSource.query(
      `SELECT * FROM reminders r WHERE r.id = $1 AND ${visibility.reminder.where(user, 'r', positional(params))}`,
      params,
    )) as ReminderRow[];
    if (!row) throw visibility.reminder.hidden(id);
    const deliveries = (await this.dataSource.query(
      `SELECT * FROM reminder_deliveries WHERE reminder_id = $1 ORDER BY claimed_at`,
      [id],
    )) as {
      id: string;
      subject_version: string;
      channel: string;
      status: string;
      attempt: number;
      claimed_at: Date;
      finished_at: Date | null;
      provider_message_id: string | null;
      error: string | null;
    }[];
    return {
      ...toView(row),
      deliveries: deliveries.map((d): DeliveryView => ({
        id: d.id,
        subjectVersion: d.subject_version,
        channel: d.channel,
        status: d.status,
        attempt: d.attempt,
        claimedAt: d.claimed_at,
        finishedAt: d.finished_at,
        providerMessageId: d.provider_message_id,
        error: d.error,
      })),
    };
  }

  policy(): Promise<EffectivePolicy> {
    return this.policies.current();
  }

  /**
   * Saves the policy; re-planning every upcoming hearing and open deadline with it is a job (see
   * policy-replan.ts), followed at GET /reminders/policy/replan. A newer save supersedes a replan still running.
   */
  async savePolicy(
    user: AuthenticatedUser,
    input: unknown,
  ): Promise<{ policy: ReminderPolicy; source: 'saved'; replan: ReplanView }> {
    return this.dataSource.transaction(async (manager) => {
      const policy = await this.policies.save(manager, input, user.id);
      const replan = await this.replans.request(manager, user.id);
      await this.audit.record(
        {
          action: 'reminder_policy.update',
          entityType: 'reminder_policy',
          entityId: '1',
          details: { replanId: replan.id },
        },
        manager,
      );
      return { policy, source: 'saved' as const, replan };
    });
  }

  replanStatus(): Promise<ReplanView> {
    return this.replans.latest();
  }

  async queueOverview(): Promise<QueueOverview> {
    const jobs = await this.queue.queue.getJobCounts(
      'waiting',
      'delayed',
      'active',
      'completed',
      'failed',
      'prioritized',
    );
    const rows = (await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM reminders GROUP BY status`,
    )) as { status: string; n: number }[];
    const [extra] = (await this.dataSource.query(
      `SELECT (SELECT coalesce(sum(cardinality(reminder_ids)), 0) FROM reminder_outbox)::int AS not_enqueued,
              (SELECT count(*) FROM reminders WHERE status = 'scheduled' AND send_at < now() - interval '1 minute')::int
                AS overdue`,
    )) as { not_enqueued: number; overdue: number }[];
    return {
      backend: this.connection.kind,
      jobs,
      rows: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      notEnqueued: extra.not_enqueued,
      overdue: extra.overdue,
    };
  }
}

function toView(r: ReminderRow): ReminderView {
  return {
    id: r.id,
    caseId: r.case_id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectVersion: r.subject_version,
    recipientRole: r.recipient_role,
    recipientKey: r.recipient_key,
    recipientTimeZone: r.recipient_time_zone,
    channel: r.channel,
    language: r.language,
    templateLanguage: r.template_language,
    callNeeded: r.call_needed,
    offsetKey: r.offset_key,
    catchUp: r.catch_up,
    startAt: r.start_at,
    sendAt: r.send_at,
    dueAt: r.due_at,
    status: r.status,
    statusReason: r.status_reason,
    attempts: r.attempts,
    lastError: r.last_error,
    providerMessageId: r.provider_message_id,
    sentAt: r.sent_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
