import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { positional, seesEveryOrganization, visibility } from '../auth/visibility';
import { Page } from '../common/pagination';
import { rowsOf } from '../database/sql';
import { TaskKind, TaskQueryDto, TaskStatus, TaskView, UpdateTaskDto } from './tasks.dto';

export interface NewTask {
  organizationId: string;
  caseId: string | null;
  kind: TaskKind;
  /** Identity of the situation: a task is raised once per key (reopening is a person's decision). */
  taskKey: string;
  title: string;
  subjectKind?: 'hearing' | 'deadline';
  subjectId?: string;
  recipientKey?: string;
  details?: Record<string, unknown>;
}

interface TaskRow {
  id: string;
  organization_id: string;
  case_id: string | null;
  kind: TaskKind;
  status: TaskStatus;
  title: string;
  subject_kind: 'hearing' | 'deadline' | null;
  subject_id: string | null;
  recipient_key: string | null;
  details: Record<string, unknown>;
  note: string | null;
  done_at: Date | null;
  done_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Coordinator tasks: what the reminder pipeline cannot do alone (call a family in a spoken language, a family
 * that stopped reminders or cannot be reached). Coordinators see their organization's; admins see all.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Raises each task unless one with its key was ever raised (unique key). Returns how many are new. */
  async raise(manager: EntityManager, tasks: readonly NewTask[]): Promise<number> {
    if (tasks.length === 0) return 0;
    const rows = (await manager.query(
      `INSERT INTO coordinator_tasks (organization_id, case_id, kind, task_key, title, subject_kind, subject_id,
                                      recipient_key, details)
       SELECT x.organization_id, x.case_id, x.kind, x.task_key, x.title, x.subject_kind, x.subject_id,
              x.recipient_key, coalesce(x.details, '{}'::jsonb)
       FROM jsonb_to_recordset($1::jsonb) AS x(organization_id uuid, case_id uuid, kind text, task_key text,
              title text, subject_kind text, subject_id uuid, recipient_key text, details jsonb)
       ON CONFLICT (task_key) DO NOTHING
       RETURNING id`,
      [
        JSON.stringify(
          tasks.map((t) => ({
            organization_id: t.organizationId,
            case_id: t.caseId,
            kind: t.kind,
            task_key: t.taskKey,
            title: t.title,
            subject_kind: t.subjectKind ?? null,
            subject_id: t.subjectId ?? null,
            recipient_key: t.recipientKey ?? null,
            details: t.details ?? {},
          })),
        ),
      ],
    )) as { id: string }[];
    return rows.length;
  }

  /** Closes open tasks of a kind about a subject, except those still current (e.g. calls about an old date). */
  async closeSuperseded(
    manager: EntityManager,
    kind: TaskKind,
    subjectIds: readonly string[],
    keepKeys: readonly string[],
    note: string,
  ): Promise<void> {
    if (subjectIds.length === 0) return;
    await manager.query(
      `UPDATE coordinator_tasks SET status = 'done', done_at = now(), note = $4, updated_at = now()
       WHERE kind = $1 AND status = 'open' AND subject_id = ANY($2::uuid[]) AND NOT (task_key = ANY($3::text[]))`,
      [kind, subjectIds, keepKeys, note],
    );
  }

  async list(user: AuthenticatedUser, query: TaskQueryDto): Promise<Page<TaskView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    where.push(visibility.task.where(user, 't', positional(params)));
    // Only a viewer of every organization narrows to one; a coordinator's list is their organization's anyway.
    if (seesEveryOrganization(user) && query.organizationId) add('organization_id = ?', query.organizationId);
    const status = query.status ?? 'open';
    if (status !== 'all') add('status = ?', status);
    if (query.kind) add('kind = ?', query.kind);
    if (query.caseId) add('case_id = ?', query.caseId);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM coordinator_tasks t ${filter}`,
      params,
    )) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT * FROM coordinator_tasks t ${filter} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    )) as TaskRow[];
    return { items: rows.map(toView), total, limit: query.limit, offset: query.offset };
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateTaskDto): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(`SELECT * FROM coordinator_tasks WHERE id = $1 FOR UPDATE`, [
        id,
      ])) as TaskRow[];
      visibility.task.check(user, row && { organizationId: row.organization_id }, id);
      const done = input.status === 'done';
      const updated = rowsOf<TaskRow>(
        await manager.query(
          `UPDATE coordinator_tasks SET status = $2, note = coalesce($3, note), updated_at = now(),
                  done_at = CASE WHEN $2 = 'done' THEN coalesce(done_at, now()) END,
                  done_by = CASE WHEN $2 = 'done' THEN $4::uuid END
           WHERE id = $1 RETURNING *`,
          [id, input.status, input.note ?? null, done ? user.id : null],
        ),
      );
      await this.audit.record(
        { action: 'task.update', entityType: 'task', entityId: id, details: { status: input.status } },
        manager,
      );
      return toView(updated[0]);
    });
  }
}

function toView(row: TaskRow): TaskView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    caseId: row.case_id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    recipientRole: row.recipient_key ? row.recipient_key.split(':')[0] : null,
    details: row.details,
    note: row.note,
    doneAt: row.done_at,
    doneBy: row.done_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
