import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { DomainEvents, type DomainWarning } from '../common/domain-events';
import { describeInstant } from '../time';
import { NewTask, TasksService } from '../tasks/tasks.service';
import { AfterCommit } from '../database/after-commit';
import {
  diffReminderPlans,
  isFamilyRole,
  planDeadlineReminders,
  planHearingReminders,
  type Channel,
  type DeadlineActor,
  type PlannedReminder,
  type ReminderPlan,
  type ReminderPolicy,
  type ReminderRecipient,
  type ReminderRowStatus,
} from './planning';
import {
  CASE_CONTACTS_COLUMNS,
  CASE_CONTACTS_JOINS,
  recipientsFor,
  type CaseContactsRow,
  type Coordinator,
} from './recipients';
import { JOB_COLUMNS, JobRow, JobToAdd, ReminderQueue, jobOf } from './reminder-queue';
import { ReminderPolicyService } from './reminder-policy.service';
import { rowsOf } from '../database/sql';

interface HearingRow extends CaseContactsRow {
  id: string;
  version: number;
  starts_at: Date;
  time_zone: string;
  status: 'scheduled' | 'completed' | 'cancelled';
}

interface DeadlineRow extends CaseContactsRow {
  id: string;
  rule_id: string;
  title: string;
  due_date: string;
  remind_by: string;
  time_zone: string;
  actor: 'family' | 'counsel' | 'coordinator';
  status: string;
}

interface ExistingRow {
  id: string;
  subject_id: string;
  subject_version: string;
  dedupeKey: string;
  status: ReminderRowStatus;
}

export interface PlanOutcome {
  subjects: number;
  created: number;
  revived: number;
  cancelled: number;
}

/** One subject's plan, ready to be written. */
interface SubjectPlan {
  subjectKind: 'hearing' | 'deadline';
  subjectId: string;
  caseId: string;
  organizationId: string;
  plan: ReminderPlan;
  /** Why rows left out of the plan are cancelled. */
  cancelReason: (row: ExistingRow) => string;
  recipients: readonly ReminderRecipient[];
  /** For task titles. */
  describe: string;
}

const SUBJECT_BATCH = 2_000;
const WRITE_BATCH = 10_000;

const sortedUnique = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/**
 * Plans reminder rows IN THE TRANSACTION that changed a hearing, a deadline, a child's contacts or a case's
 * counsel (domain events carry that transaction's EntityManager): the plan is diffed with the rows already
 * stored — rows of an old hearing version are cancelled, new ones created, cancelled ones wanted again revived —
 * and queue jobs for them are added only after the commit (job id = dedupe key). Everything is set-based, so
 * planning 1 or 100,000 hearings costs a few queries per batch.
 */
@Injectable()
export class ReminderPlanner implements OnModuleInit {
  private languageNames: Map<string, string> | undefined;

  constructor(
    private readonly events: DomainEvents,
    private readonly policies: ReminderPolicyService,
    private readonly afterCommit: AfterCommit,
    private readonly queue: ReminderQueue,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('hearing.changed', async (manager, event) => {
      const unreachable: UnreachableFamily[] = [];
      await this.planHearings(manager, [event.hearingId], unreachable);
      return unreachable.map((u) => u.warning);
    });
    this.events.on('deadlines.changed', async (manager, event) => {
      await this.planDeadlines(manager, event.deadlineIds);
    });
    this.events.on('deadlines.missed', async (manager, event) => {
      await this.planDeadlines(manager, event.deadlineIds);
    });
    this.events.on('child.changed', async (manager, event) => {
      await this.replanWhere(manager, `k.child_id = $1`, [event.childId]);
    });
    this.events.on('case.changed', async (manager, event) => {
      if (event.fields.some((f) => ['status', 'attorneyId', 'courtCode'].includes(f))) {
        await this.replanWhere(manager, `k.id = $1`, [event.caseId]);
      }
    });
  }

  /** Re-plans every upcoming hearing and open deadline of the matching cases (and anything still scheduled). */
  async replanWhere(manager: EntityManager, caseFilter: string, params: unknown[]): Promise<PlanOutcome> {
    const hearings = (await manager.query(
      `SELECT h.id FROM hearings h JOIN cases k ON k.id = h.case_id
       WHERE ${caseFilter} AND ((h.status = 'scheduled' AND h.starts_at > now())
         OR EXISTS (SELECT 1 FROM reminders r WHERE r.subject_id = h.id AND r.subject_kind = 'hearing' AND r.status = 'scheduled'))`,
      params,
    )) as { id: string }[];
    const deadlines = (await manager.query(
      `SELECT d.id FROM deadlines d JOIN cases k ON k.id = d.case_id
       WHERE ${caseFilter} AND (d.status = 'open'
         OR EXISTS (SELECT 1 FROM reminders r WHERE r.subject_id = d.id AND r.subject_kind = 'deadline' AND r.status = 'scheduled'))`,
      params,
    )) as { id: string }[];
    const a = await this.planHearings(
      manager,
      hearings.map((h) => h.id),
    );
    const b = await this.planDeadlines(
      manager,
      deadlines.map((d) => d.id),
    );
    return sum(a, b);
  }

  /**
   * Re-plans every upcoming hearing and open deadline (after a policy change), in batches of transactions.
   * `onBatch` runs at the end of each batch's transaction (progress; throwing there rolls the batch back).
   */
  async replanAll(
    run: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
    onBatch?: (manager: EntityManager, planned: number) => Promise<void>,
  ): Promise<PlanOutcome> {
    let total: PlanOutcome = { subjects: 0, created: 0, revived: 0, cancelled: 0 };
    for (const kind of ['hearing', 'deadline'] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const ids = await run(async (manager) => {
          const rows = (await manager.query(
            kind === 'hearing'
              ? `SELECT id FROM hearings WHERE status = 'scheduled' AND starts_at > now() AND id > $1 ORDER BY id LIMIT $2`
              : `SELECT id FROM deadlines WHERE status = 'open' AND id > $1 ORDER BY id LIMIT $2`,
            [after, SUBJECT_BATCH],
          )) as { id: string }[];
          const batch = rows.map((r) => r.id);
          const outcome =
            kind === 'hearing'
              ? await this.planHearings(manager, batch)
              : await this.planDeadlines(manager, batch);
          if (onBatch) await onBatch(manager, batch.length);
          total = sum(total, outcome);
          return batch;
        });
        if (ids.length < SUBJECT_BATCH) break;
        after = ids[ids.length - 1];
      }
    }
    return total;
  }

  /** `unreachable` collects the upcoming hearings whose family no reminder can reach (a task is opened for each). */
  planHearings(
    manager: EntityManager,
    hearingIds: readonly string[],
    unreachable: UnreachableFamily[] = [],
  ): Promise<PlanOutcome> {
    return this.planInBatches(manager, hearingIds, (ids, policy) =>
      this.planHearingBatch(manager, ids, policy, unreachable),
    );
  }

  planDeadlines(manager: EntityManager, deadlineIds: readonly string[]): Promise<PlanOutcome> {
    return this.planInBatches(manager, deadlineIds, (ids, policy) =>
      this.planDeadlineBatch(manager, ids, policy),
    );
  }

  /** Plans the subjects SUBJECT_BATCH at a time (in id order, so concurrent planners lock in one order). */
  private async planInBatches(
    manager: EntityManager,
    subjectIds: readonly string[],
    planBatch: (ids: string[], policy: ReminderPolicy) => Promise<PlanOutcome>,
  ): Promise<PlanOutcome> {
    const ids = sortedUnique(subjectIds);
    let total: PlanOutcome = { subjects: 0, created: 0, revived: 0, cancelled: 0 };
    if (ids.length === 0) return total;
    const { policy } = await this.policies.current(manager);
    for (let i = 0; i < ids.length; i += SUBJECT_BATCH) {
      total = sum(total, await planBatch(ids.slice(i, i + SUBJECT_BATCH), policy));
    }
    return total;
  }

  private async planHearingBatch(
    manager: EntityManager,
    ids: string[],
    policy: ReminderPolicy,
    unreachable: UnreachableFamily[],
  ): Promise<PlanOutcome> {
    // Locking the hearings makes concurrent planners of one hearing take turns, each seeing the latest version.
    const rows = (await manager.query(
      `SELECT h.id, h.version, h.starts_at, h.time_zone, h.status, ${CASE_CONTACTS_COLUMNS}
       FROM hearings h ${CASE_CONTACTS_JOINS.replace(/X\./g, 'h.')}
       WHERE h.id = ANY($1::uuid[]) ORDER BY h.id FOR NO KEY UPDATE OF h`,
      [ids],
    )) as HearingRow[];
    const context = await this.loadContext(manager, rows, policy.hearing.coordinator.length > 0);
    const now = this.clock.now();
    const found: UnreachableFamily[] = [];
    const plans: SubjectPlan[] = rows.map((row) => {
      const recipients = recipientsFor(row, row.time_zone, context.coordinators, context.stops);
      const status = row.case_status === 'closed' ? 'cancelled' : row.status;
      const family =
        status === 'scheduled' && row.starts_at > now ? unreachableFamily(row, context.stops) : null;
      if (family) found.push(family);
      const plan = planHearingReminders({
        hearing: {
          id: row.id,
          version: row.version,
          startsAt: row.starts_at,
          courtZone: row.time_zone,
          status,
        },
        recipients,
        policy,
        now,
        sendAheadMs: this.config.reminders.sendAheadSeconds * 1000,
        catchUpSettleMs: this.config.reminders.catchUpSettleSeconds * 1000,
      });
      const version = plan.subjectVersion;
      return {
        subjectKind: 'hearing',
        subjectId: row.id,
        caseId: row.case_id,
        organizationId: row.organization_id,
        plan,
        recipients,
        describe: `the hearing on ${describeInstant(row.starts_at, row.time_zone).display}`,
        cancelReason: (existing) =>
          status === 'cancelled'
            ? row.case_status === 'closed'
              ? 'case_closed'
              : 'hearing_cancelled'
            : status === 'completed'
              ? 'hearing_completed'
              : existing.subject_version !== version
                ? 'rescheduled'
                : 'replanned',
      };
    });
    const outcome = await this.write(manager, 'hearing', ids, plans);
    await this.raiseUnreachable(manager, found);
    unreachable.push(...found);
    return outcome;
  }

  /**
   * A family no reminder can reach (no consent, no contact, every channel stopped) is the coordinator's at once,
   * not only 72 h before (the escalation sweep). One open task per hearing: it shares the sweep's key for the
   * hearing's version, and a reschedule moves the open task to the new version instead of opening another.
   */
  private async raiseUnreachable(manager: EntityManager, found: readonly UnreachableFamily[]): Promise<void> {
    if (found.length === 0) return;
    const tasks: NewTask[] = found.map((f) => ({
      organizationId: f.organizationId,
      caseId: f.caseId,
      kind: 'family_unreachable',
      taskKey: `family_unreachable:hearing:${f.hearingId}:v${f.version}`,
      title: f.title,
      subjectKind: 'hearing',
      subjectId: f.hearingId,
      details: f.details,
    }));
    await manager.query(
      `UPDATE coordinator_tasks t SET task_key = x.task_key, title = x.title, details = x.details, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(subject_id uuid, task_key text, title text, details jsonb)
       WHERE t.kind = 'family_unreachable' AND t.status = 'open' AND t.subject_id = x.subject_id
         AND t.task_key LIKE 'family_unreachable:hearing:%' AND t.task_key <> x.task_key
         AND NOT EXISTS (SELECT 1 FROM coordinator_tasks o WHERE o.task_key = x.task_key)`,
      [
        JSON.stringify(
          tasks.map((t) => ({
            subject_id: t.subjectId,
            task_key: t.taskKey,
            title: t.title,
            details: t.details,
          })),
        ),
      ],
    );
    await this.tasks.raise(manager, tasks);
  }

  private async planDeadlineBatch(
    manager: EntityManager,
    ids: string[],
    policy: ReminderPolicy,
  ): Promise<PlanOutcome> {
    const rows = (await manager.query(
      `SELECT d.id, d.rule_id, d.title, d.due_date::text AS due_date, d.remind_by::text AS remind_by, d.time_zone,
              d.actor, d.status, ${CASE_CONTACTS_COLUMNS}
       FROM deadlines d ${CASE_CONTACTS_JOINS.replace(/X\./g, 'd.')}
       WHERE d.id = ANY($1::uuid[]) ORDER BY d.id FOR NO KEY UPDATE OF d`,
      [ids],
    )) as DeadlineRow[];
    const needsCoordinators = (['family', 'counsel'] as const).some(
      (a) => policy.deadline[a].coordinator.length > 0,
    );
    const context = await this.loadContext(manager, rows, needsCoordinators);
    const now = this.clock.now();
    const plans: SubjectPlan[] = rows.map((row) => {
      const recipients = recipientsFor(row, row.time_zone, context.coordinators, context.stops);
      // Coordinator-actor deadlines are in the digest, not in reminders; a closed case plans nothing.
      const plannable = row.actor !== 'coordinator' && row.status === 'open' && row.case_status !== 'closed';
      const plan = planDeadlineReminders({
        deadline: {
          id: row.id,
          ruleId: row.rule_id,
          dueDate: row.due_date,
          remindBy: row.remind_by,
          courtZone: row.time_zone,
          actor: (row.actor === 'coordinator' ? 'counsel' : row.actor) as DeadlineActor,
          status: plannable ? 'open' : 'waived',
        },
        recipients,
        policy,
        now,
        sendAheadMs: this.config.reminders.sendAheadSeconds * 1000,
        catchUpSettleMs: this.config.reminders.catchUpSettleSeconds * 1000,
      });
      const version = plan.subjectVersion;
      return {
        subjectKind: 'deadline',
        subjectId: row.id,
        caseId: row.case_id,
        organizationId: row.organization_id,
        plan,
        recipients,
        describe: `the deadline "${row.title}" due ${row.due_date}`,
        cancelReason: (existing) =>
          !plannable
            ? row.case_status === 'closed'
              ? 'case_closed'
              : `deadline_${row.status}`
            : existing.subject_version !== version
              ? 'recomputed'
              : 'replanned',
      };
    });
    return this.write(manager, 'deadline', ids, plans);
  }

  private async loadContext(
    manager: EntityManager,
    rows: readonly CaseContactsRow[],
    needsCoordinators: boolean,
  ): Promise<{ coordinators: Coordinator[]; stops: Map<string, Channel[]> }> {
    let coordinators: Coordinator[] = [];
    if (needsCoordinators && rows.length) {
      const orgs = [...new Set(rows.map((r) => r.organization_id))];
      coordinators = (
        (await manager.query(
          `SELECT id, organization_id FROM users
           WHERE role = 'coordinator' AND disabled_at IS NULL AND organization_id = ANY($1::uuid[])`,
          [orgs],
        )) as { id: string; organization_id: string }[]
      ).map((u) => ({ userId: u.id, organizationId: u.organization_id }));
    }
    const keys = new Set<string>();
    for (const row of rows) {
      keys.add(`child:${row.child_id}`);
      if (row.sponsor_id) keys.add(`sponsor:${row.sponsor_id}`);
      if (row.attorney_user_id) keys.add(`attorney:${row.attorney_user_id}`);
    }
    for (const c of coordinators) keys.add(`coordinator:${c.userId}`);
    const stops = new Map<string, Channel[]>();
    if (keys.size) {
      const found = (await manager.query(
        `SELECT recipient_key, channel FROM reminder_stops WHERE recipient_key = ANY($1::text[])`,
        [[...keys]],
      )) as { recipient_key: string; channel: Channel }[];
      for (const stop of found)
        stops.set(stop.recipient_key, [...(stops.get(stop.recipient_key) ?? []), stop.channel]);
    }
    return { coordinators, stops };
  }

  /** Diffs each plan with its stored rows and writes the difference; jobs follow after commit. */
  private async write(
    manager: EntityManager,
    kind: 'hearing' | 'deadline',
    ids: string[],
    plans: SubjectPlan[],
  ): Promise<PlanOutcome> {
    const existing = (await manager.query(
      `SELECT id, subject_id, subject_version, dedupe_key AS "dedupeKey", status FROM reminders
       WHERE subject_id = ANY($1::uuid[]) AND subject_kind = $2`,
      [ids, kind],
    )) as ExistingRow[];
    const bySubject = new Map<string, ExistingRow[]>();
    for (const row of existing) {
      const list = bySubject.get(row.subject_id);
      if (list) list.push(row);
      else bySubject.set(row.subject_id, [row]);
    }

    const toCancel: { id: string; reason: string }[] = [];
    const toRevive: { id: string; send: PlannedReminder }[] = [];
    const toCreate: { send: PlannedReminder; subject: SubjectPlan }[] = [];
    const tasks: NewTask[] = [];
    const callKeys: string[] = [];
    for (const subject of plans) {
      const diff = diffReminderPlans(bySubject.get(subject.subjectId) ?? [], subject.plan);
      for (const row of diff.toCancel) toCancel.push({ id: row.id, reason: subject.cancelReason(row) });
      for (const { row, send } of diff.toRevive) toRevive.push({ id: row.id, send });
      for (const send of diff.toCreate) toCreate.push({ send, subject });
      tasks.push(...(await this.callTasks(manager, subject, callKeys)));
    }

    const cancelledKeys: string[] = [];
    for (let i = 0; i < toCancel.length; i += WRITE_BATCH) {
      const batch = toCancel.slice(i, i + WRITE_BATCH);
      const rows = rowsOf<{ dedupe_key: string }>(
        await manager.query(
          `UPDATE reminders r SET status = 'cancelled', status_reason = x.reason, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS x(id, reason)
         WHERE r.id = ANY($1::uuid[]) AND r.id = x.id AND r.status = 'scheduled' RETURNING r.dedupe_key`,
          [batch.map((c) => c.id), batch.map((c) => c.reason)],
        ),
      );
      cancelledKeys.push(...rows.map((r) => r.dedupe_key));
    }

    const jobs: JobToAdd[] = [];
    for (let i = 0; i < toRevive.length; i += WRITE_BATCH) {
      const batch = toRevive.slice(i, i + WRITE_BATCH);
      const rows = rowsOf<JobRow>(
        await manager.query(
          `UPDATE reminders r SET status = 'scheduled', status_reason = NULL, last_error = NULL,
                start_at = x.start_at, send_at = x.send_at, due_at = x.due_at, updated_at = now()
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])
           AS x(id, start_at, send_at, due_at)
         WHERE r.id = ANY($1::uuid[]) AND r.id = x.id AND r.status = 'cancelled'
         RETURNING r.id, r.dedupe_key, r.start_at, r.send_at`,
          [
            batch.map((r) => r.id),
            batch.map((r) => r.send.startAt.toISOString()),
            batch.map((r) => r.send.sendAt.toISOString()),
            batch.map((r) => r.send.dueAt.toISOString()),
          ],
        ),
      );
      jobs.push(...rows.map(jobOf));
    }
    const revived = jobs.length;

    for (let i = 0; i < toCreate.length; i += WRITE_BATCH) {
      const batch = toCreate.slice(i, i + WRITE_BATCH);
      const col = <T>(pick: (item: { send: PlannedReminder; subject: SubjectPlan }) => T): T[] =>
        batch.map(pick);
      const zoneOf = (item: { send: PlannedReminder; subject: SubjectPlan }): string =>
        item.subject.recipients.find((r) => r.recipientKey === item.send.recipientKey)?.timeZone ?? 'UTC';
      const rows = (await manager.query(
        `INSERT INTO reminders (subject_kind, subject_id, subject_version, case_id, recipient_role, recipient_key,
                                recipient_time_zone, channel, language, template_language, call_needed, offset_key,
                                catch_up, send_at, due_at, dedupe_key, start_at)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::boolean[],
                              $14::timestamptz[], $15::timestamptz[], $16::text[], $17::timestamptz[])
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING ${JOB_COLUMNS}`,
        [
          col((x) => x.subject.subjectKind),
          col((x) => x.subject.subjectId),
          col((x) => x.subject.plan.subjectVersion),
          col((x) => x.subject.caseId),
          col((x) => x.send.recipientRole),
          col((x) => x.send.recipientKey),
          col(zoneOf),
          col((x) => x.send.channel),
          col((x) => x.send.language),
          col((x) => x.send.templateLanguage),
          col((x) => x.send.callNeeded),
          col((x) => x.send.offsetKey),
          col((x) => x.send.catchUp),
          col((x) => x.send.sendAt.toISOString()),
          col((x) => x.send.dueAt.toISOString()),
          col((x) => x.send.dedupeKey),
          col((x) => x.send.startAt.toISOString()),
        ],
      )) as JobRow[];
      jobs.push(...rows.map(jobOf));
    }

    await this.tasks.raise(manager, tasks);
    await this.tasks.closeSuperseded(
      manager,
      'call_needed',
      plans.map((p) => p.subjectId),
      callKeys,
      'Superseded: the date changed or nothing is planned any more.',
    );

    // The outbox entry commits with the rows; it goes once their jobs are queued (or the sweep adds them).
    let outboxId: string | undefined;
    if (jobs.length) {
      const [entry] = (await manager.query(
        `INSERT INTO reminder_outbox (reminder_ids) VALUES ($1::uuid[]) RETURNING id`,
        [jobs.map((job) => job.id)],
      )) as { id: string }[];
      outboxId = entry.id;
    }
    if (jobs.length || cancelledKeys.length) {
      await this.afterCommit.run(manager, async (committed) => {
        if (cancelledKeys.length) await this.queue.remove(cancelledKeys);
        if (outboxId) await this.queue.addFromOutbox(jobs, outboxId, committed);
      });
    }
    return {
      subjects: plans.length,
      created: jobs.length - revived,
      revived,
      cancelled: cancelledKeys.length,
    };
  }

  /** A family member whose language has no written template: the coordinator should call them. */
  private async callTasks(manager: EntityManager, subject: SubjectPlan, keys: string[]): Promise<NewTask[]> {
    const seen = new Set<string>();
    const out: NewTask[] = [];
    for (const send of subject.plan.sends) {
      if (!send.callNeeded || !isFamilyRole(send.recipientRole) || seen.has(send.recipientKey)) continue;
      seen.add(send.recipientKey);
      const taskKey = `call_needed:${subject.subjectKind}:${subject.subjectId}:${subject.plan.subjectVersion}:${send.recipientKey}`;
      keys.push(taskKey);
      const languageName = (await this.languageName(manager, send.language)) ?? send.language;
      out.push({
        organizationId: subject.organizationId,
        caseId: subject.caseId,
        kind: 'call_needed',
        taskKey,
        title: `Call the ${send.recipientRole} about ${subject.describe}: reminders go out in ${send.templateLanguage === 'spa' ? 'Spanish' : send.templateLanguage}, and they speak ${languageName}`,
        subjectKind: subject.subjectKind,
        subjectId: subject.subjectId,
        recipientKey: send.recipientKey,
        details: {
          language: send.language,
          languageName,
          templateLanguage: send.templateLanguage,
          subjectVersion: subject.plan.subjectVersion,
        },
      });
    }
    return out;
  }

  private async languageName(manager: EntityManager, code: string): Promise<string | undefined> {
    if (!this.languageNames) {
      const rows = (await manager.query(`SELECT trim(code) AS code, name FROM languages`)) as {
        code: string;
        name: string;
      }[];
      this.languageNames = new Map(rows.map((r) => [r.code, r.name]));
    }
    return this.languageNames.get(code);
  }
}

/** An upcoming hearing whose family no reminder can reach, with the warning for whoever changed it. */
export interface UnreachableFamily {
  hearingId: string;
  version: number;
  caseId: string;
  organizationId: string;
  title: string;
  details: Record<string, unknown>;
  warning: DomainWarning;
}

type UnreachableReason = 'no_consent' | 'no_contact' | 'contact_erased' | 'stopped' | 'no_sponsor';

const REASON_TEXT: Record<UnreachableReason, string> = {
  no_consent: 'no consent to reminders',
  no_contact: 'no reminder channel with a contact',
  contact_erased: 'contact data erased',
  stopped: 'stopped every channel',
  no_sponsor: 'none on file',
};

/** Why a family member gets no reminder on any channel; undefined when at least one channel works. */
function familyMemberReason(
  present: boolean,
  consent: boolean,
  purged: boolean,
  channels: readonly string[] | null,
  hasEmail: boolean | null,
  hasPhone: boolean | null,
  stopped: readonly Channel[],
  absent: UnreachableReason,
): UnreachableReason | undefined {
  if (!present) return absent;
  if (!consent) return 'no_consent';
  if (purged) return 'contact_erased';
  const usable = (channels ?? []).filter((c) => (c === 'email' && hasEmail) || (c === 'sms' && hasPhone));
  if (usable.length === 0) return 'no_contact';
  return usable.every((c) => stopped.includes(c as Channel)) ? 'stopped' : undefined;
}

function unreachableFamily(
  row: HearingRow,
  stops: ReadonlyMap<string, readonly Channel[]>,
): UnreachableFamily | null {
  const childReason = familyMemberReason(
    true,
    row.child_consent,
    row.child_purged,
    row.child_channels,
    row.child_has_email,
    row.child_has_phone,
    stops.get(`child:${row.child_id}`) ?? [],
    'no_consent',
  );
  const sponsorReason = familyMemberReason(
    row.sponsor_id !== null,
    true,
    false,
    row.sponsor_channels,
    row.sponsor_has_email,
    row.sponsor_has_phone,
    row.sponsor_id ? (stops.get(`sponsor:${row.sponsor_id}`) ?? []) : [],
    'no_sponsor',
  );
  if (!childReason || !sponsorReason) return null;
  const when = describeInstant(row.starts_at, row.time_zone).display;
  const why = `child: ${REASON_TEXT[childReason]}; sponsor: ${REASON_TEXT[sponsorReason]}`;
  return {
    hearingId: row.id,
    version: row.version,
    caseId: row.case_id,
    organizationId: row.organization_id,
    title: `No reminder has reached ${row.child_first_name}'s family for the hearing on ${when}, and none can (${why}): call them`,
    details: {
      startsAt: row.starts_at.toISOString(),
      timeZone: row.time_zone,
      hearingVersion: row.version,
      child: childReason,
      sponsor: sponsorReason,
      familyReminders: 'none planned (no consent, channel or contact)',
    },
    warning: {
      code: 'family_unreachable_no_channel',
      message: `No reminder can reach ${row.child_first_name}'s family about this hearing (${why}). A coordinator task was opened: tell them by phone or in person.`,
      people: [
        { role: 'child', id: row.child_id, reason: childReason },
        { role: 'sponsor', id: row.sponsor_id, reason: sponsorReason },
      ],
    },
  };
}

function sum(a: PlanOutcome, b: PlanOutcome): PlanOutcome {
  return {
    subjects: a.subjects + b.subjects,
    created: a.created + b.created,
    revived: a.revived + b.revived,
    cancelled: a.cancelled + b.cancelled,
  };
}
