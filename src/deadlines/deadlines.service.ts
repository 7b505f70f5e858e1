import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { findVisibleRow } from '../auth/visible-row';
import { visibility } from '../auth/visibility';
import { badRequest, conflict, notFound, unprocessable } from '../common/app-error';
import { DomainEvents } from '../common/domain-events';
import { Page } from '../common/pagination';
import { Clock } from '../clock/clock';
import { CasesService } from '../cases/cases.service';
import { lockIdFor } from '../database/advisory-lock';
import { daysBetween, describeInstant, isCalendarDate, todayIn } from '../time';
import { CaseFacts, loadCaseFacts, manualKey } from './case-facts';
import { Deadline } from './deadline.entity';
import { DeadlineSyncPlan, planDeadlineSync } from './deadline-sync';
import { CreateManualDeadlineDto, DeadlineQueryDto, UpdateDeadlineDto } from './deadlines.dto';
import { CaseDeadlinesView, DeadlineNoticeView, DeadlineView, NextEventsView } from './deadlines.views';
import { computeCaseDeadlines, DeadlineInputError, DeadlineNotice } from './engine';

const NOTE_LIMIT = 1000;
/** Deadlines the missed sweep marks per transaction. */
const MISSED_BATCH = 5000;
const clip = (text: string) => (text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT - 1)}…` : text);

export interface RecomputeResult {
  caseId: string;
  inserted: string[];
  updated: string[];
  superseded: string[];
}

/**
 * Stored deadlines of each case, kept equal to what the (pure) deadline engine computes from the case's facts.
 * `recomputeCase` runs inside the transaction that changed a trigger (a hearing, a decision, the child's date
 * of birth, address or state, the case itself, a court closure), so the deadlines commit with the change.
 */
@Injectable()
export class DeadlinesService implements OnModuleInit {
  private readonly logger = new Logger(DeadlinesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on('child.changed', async (manager, event) => {
      const rows = (await manager.query(`SELECT id FROM cases WHERE child_id = $1 ORDER BY id`, [
        event.childId,
      ])) as {
        id: string;
      }[];
      const cause = event.moved ? 'child moved' : `child updated: ${event.fields.join(', ')}`;
      for (const row of rows) await this.recomputeCase(manager, row.id, cause);
    });
    this.events.on('case.changed', async (manager, event) => {
      await this.recomputeCase(manager, event.caseId, `case updated: ${event.fields.join(', ')}`);
    });
  }

  /**
   * Recomputes one case's deadlines and stores the difference (see deadline-sync.ts), in `manager`'s
   * transaction. Serialized per case with a transaction-scoped advisory lock.
   */
  async recomputeCase(manager: EntityManager, caseId: string, cause: string): Promise<RecomputeResult> {
    await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockIdFor(`deadlines:${caseId}`)]);
    const facts = await loadCaseFacts(manager, caseId, this.clock.now());
    if (!facts) throw notFound('case_not_found', `No case ${caseId}.`);
    const computed = this.compute(facts);
    const existing = await manager.find(Deadline, { where: { caseId } });
    const plan = planDeadlineSync({
      existing,
      computed: computed.deadlines,
      notices: computed.notices,
      timeZone: facts.timeZone,
      frozenTriggerRefs: facts.pastHearingRefs,
      caseClosed: facts.caseStatus === 'closed',
      cause,
    });
    const result = await this.apply(manager, caseId, plan);
    if (result.inserted.length + result.updated.length + result.superseded.length > 0) {
      await this.audit.record(
        {
          action: 'deadlines.recompute',
          entityType: 'case',
          entityId: caseId,
          details: {
            cause,
            inserted: plan.inserts.map((d) => d.key),
            updated: plan.updates.map((u) => ({ key: u.key, previousDueDate: u.previousDueDate ?? null })),
            superseded: plan.supersedes.map((s) => s.key),
          },
        },
        manager,
      );
      await this.events.emit(manager, 'deadlines.changed', {
        caseId,
        deadlineIds: [...result.inserted, ...result.updated, ...result.superseded],
      });
    }
    return result;
  }

  /** Recomputes every case whose deadlines count on this court's calendar (after a closure or setting change). */
  async recomputeCourt(manager: EntityManager, courtCode: string, cause: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT k.id FROM cases k
        WHERE k.court_code = $1
           OR (k.court_code IS NULL AND EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = k.id AND h.court_code = $1))
        ORDER BY k.id`,
      [courtCode],
    )) as { id: string }[];
    for (const row of rows) await this.recomputeCase(manager, row.id, cause);
    return rows.length;
  }

  async listForCase(
    user: AuthenticatedUser,
    caseId: string,
    includeSuperseded: boolean,
  ): Promise<CaseDeadlinesView> {
    await this.cases.findVisible(user, caseId);
    const facts = await loadCaseFacts(this.dataSource.manager, caseId, this.clock.now());
    if (!facts) throw visibility.case.hidden(caseId);
    const { notices } = this.compute(facts);
    const qb = this.dataSource
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where('d.caseId = :caseId', { caseId })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.key', 'ASC');
    if (!includeSuperseded) qb.andWhere(`d.status <> 'superseded'`);
    const rows = await qb.getMany();
    const noticeViews: DeadlineNoticeView[] = notices.map((n) => ({ ...n }));
    if (facts.zoneFallback) {
      noticeViews.push({
        key: 'court@case',
        ruleId: 'court',
        triggerRef: 'case',
        kind: 'zone_fallback',
        actor: 'coordinator',
        explanation: facts.zoneFallback,
        reviewOn: null,
        sourceStatus: 'S',
        source: 'deadline-rules.md §0: dates are counted in the court’s zone',
      });
    }
    return {
      caseId,
      courtCode: facts.courtCode,
      timeZone: facts.timeZone,
      deadlines: rows.map((d) => this.view(d)),
      notices: noticeViews,
    };
  }

  async search(user: AuthenticatedUser, query: DeadlineQueryDto): Promise<Page<DeadlineView>> {
    const qb = this.dataSource
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where(...visibility.deadline.forQueryBuilder(user, 'd'));
    qb.andWhere('d.status IN (:...statuses)', {
      statuses: query.status?.length ? query.status : ['open', 'missed'],
    });
    if (query.due_before)
      qb.andWhere('d.dueDate <= :before', { before: this.checkedDate(query.due_before, 'due_before') });
    if (query.due_after)
      qb.andWhere('d.dueDate >= :after', { after: this.checkedDate(query.due_after, 'due_after') });
    if (query.caseId) qb.andWhere('d.caseId = :caseId', { caseId: query.caseId });
    if (query.actor) qb.andWhere('d.actor = :actor', { actor: query.actor });
    qb.orderBy('d.dueDate', 'ASC').addOrderBy('d.id', 'ASC');
    const [rows, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return { items: rows.map((d) => this.view(d)), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthenticatedUser, id: string): Promise<DeadlineView> {
    return this.view(await this.findVisible(user, id));
  }

  async createManual(
    user: AuthenticatedUser,
    caseId: string,
    input: CreateManualDeadlineDto,
  ): Promise<DeadlineView> {
    const legalCase = await this.cases.findVisible(user, caseId);
    if (legalCase.status === 'closed')
      throw conflict('case_closed', 'This case is closed: reopen it before adding deadlines.');
    const dueOn = this.checkedDate(input.dueOn, 'dueOn');
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      let replacesKey: string | null = null;
      if (input.replacesDeadlineId) {
        const replaced = await manager.findOneBy(Deadline, { id: input.replacesDeadlineId, caseId });
        if (!replaced || replaced.origin !== 'rule' || replaced.status === 'superseded') {
          throw badRequest(
            'invalid_replacement',
            'replacesDeadlineId must be a current computed (rule) deadline of this case: GET /cases/:id/deadlines lists them.',
          );
        }
        replacesKey = replaced.key;
      }
      // A placeholder: the recomputation below gives it its business-day due date and explanation.
      await manager.insert(Deadline, {
        id,
        caseId,
        key: manualKey(id),
        ruleId: 'manual',
        origin: 'manual',
        triggerKind: 'manual',
        triggerRef: `manual:${id}`,
        triggerDate: dueOn,
        dueDate: dueOn,
        remindBy: dueOn,
        timeZone: 'UTC',
        actor: input.actor ?? 'counsel',
        title: input.title,
        replacesKey,
        status: 'open',
        statusNote: input.note ?? null,
        createdBy: user.id,
      });
      await this.recomputeCase(manager, caseId, 'deadline set by hand');
      await this.audit.record(
        {
          action: 'deadline.create',
          entityType: 'deadline',
          entityId: id,
          details: { caseId, dueOn, replacesKey },
        },
        manager,
      );
    });
    return this.view(await this.dataSource.getRepository(Deadline).findOneByOrFail({ id }));
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateDeadlineDto): Promise<DeadlineView> {
    const found = await this.findVisible(user, id);
    const editsManualFields =
      input.dueOn !== undefined || input.title !== undefined || input.actor !== undefined;
    if (editsManualFields && found.origin !== 'manual') {
      throw conflict(
        'computed_deadline',
        'A computed deadline follows its rule and trigger: to set another date, add a deadline by hand that replaces it (POST /cases/:id/deadlines with replacesDeadlineId).',
      );
    }
    if (input.status === 'waived' && !input.note) {
      throw badRequest('note_required', 'Say why the deadline is waived (note).', [
        { field: 'note', message: 'required when waiving' },
      ]);
    }
    const dueOn = input.dueOn === undefined ? undefined : this.checkedDate(input.dueOn, 'dueOn');
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(Deadline, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw visibility.deadline.hidden(id);
      if (current.status === 'superseded') {
        throw conflict(
          'deadline_superseded',
          'This deadline no longer applies (superseded by a recomputation) and cannot be changed.',
        );
      }
      const changes: Partial<Deadline> = {};
      if (input.status !== undefined && input.status !== current.status) {
        Object.assign(changes, { status: input.status, statusChangedAt: this.clock.now() });
      }
      if (input.note !== undefined) changes.statusNote = input.note || null;
      if (dueOn !== undefined) changes.triggerDate = dueOn;
      if (input.title !== undefined) changes.title = input.title;
      if (input.actor !== undefined) changes.actor = input.actor;
      if (Object.keys(changes).length > 0) await manager.update(Deadline, { id }, changes);
      if (changes.status)
        await this.events.emit(manager, 'deadlines.changed', { caseId: current.caseId, deadlineIds: [id] });
      if (dueOn !== undefined || input.title !== undefined || input.actor !== undefined) {
        await this.recomputeCase(manager, current.caseId, 'deadline changed by hand');
      }
      await this.audit.record(
        {
          action: 'deadline.update',
          entityType: 'deadline',
          entityId: id,
          details: {
            caseId: current.caseId,
            from: current.status,
            to: input.status ?? current.status,
            fields: Object.keys(input),
          },
        },
        manager,
      );
    });
    return this.view(await this.dataSource.getRepository(Deadline).findOneByOrFail({ id }));
  }

  async nextEvents(user: AuthenticatedUser, caseId: string): Promise<NextEventsView> {
    await this.cases.findVisible(user, caseId);
    const [next] = (await this.dataSource.query(
      `SELECT next_hearing_at, next_deadline_on::text AS next_deadline_on FROM case_next_events WHERE case_id = $1`,
      [caseId],
    )) as { next_hearing_at: Date | null; next_deadline_on: string | null }[];
    const now = this.clock.now();
    let nextHearing: NextEventsView['nextHearing'] = null;
    if (next?.next_hearing_at) {
      const [h] = (await this.dataSource.query(
        `SELECT id, hearing_type, location_court_code, starts_at, time_zone FROM hearings
          WHERE case_id = $1 AND status = 'scheduled' AND starts_at = $2 ORDER BY id LIMIT 1`,
        [caseId, next.next_hearing_at],
      )) as {
        id: string;
        hearing_type: string;
        location_court_code: string;
        starts_at: Date;
        time_zone: string;
      }[];
      if (h) {
        const local = describeInstant(h.starts_at, h.time_zone);
        nextHearing = {
          id: h.id,
          hearingType: h.hearing_type,
          locationCourtCode: h.location_court_code,
          startsAt: h.starts_at.toISOString(),
          local,
          daysAway: daysBetween(todayIn(h.time_zone, now), local.date),
        };
      }
    }
    let nextDeadline: NextEventsView['nextDeadline'] = null;
    if (next?.next_deadline_on) {
      const d = await this.dataSource.getRepository(Deadline).findOne({
        where: { caseId, status: 'open', dueDate: next.next_deadline_on },
        order: { key: 'ASC' },
      });
      if (d) {
        nextDeadline = {
          id: d.id,
          title: d.title,
          dueDate: d.dueDate,
          timeZone: d.timeZone,
          actor: d.actor,
          daysAway: daysBetween(todayIn(d.timeZone, now), d.dueDate),
        };
      }
    }
    return { caseId, nextHearing, nextDeadline };
  }

  /**
   * Open deadlines of cases still open whose due date has passed at their court: now missed. Works in batches of
   * MISSED_BATCH, one transaction each, until none is left: a backlog (a migrated caseload, a worker outage) of
   * any size gets through, and each batch commits its rows, audit events and reminder re-planning together.
   */
  async markMissed(batchSize = MISSED_BATCH): Promise<string[]> {
    const now = this.clock.now();
    const marked: string[] = [];
    for (;;) {
      const batch = await this.markMissedBatch(now, batchSize);
      if (batch.length === 0) return marked;
      for (const id of batch) marked.push(id);
    }
  }

  private markMissedBatch(now: Date, batchSize: number): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // The first condition (today at UTC+14, the latest date anywhere) lets the partial index narrow the scan.
      // SKIP LOCKED: a deadline a user is changing right now is left for the next batch or tick.
      const rows = (await manager.query(
        `WITH due AS (
           SELECT d.id FROM deadlines d JOIN cases k ON k.id = d.case_id
            WHERE k.status <> 'closed'
              AND d.status = 'open'
              AND d.due_date < ($1::timestamptz AT TIME ZONE 'Etc/GMT-14')::date
              AND d.due_date < ($1::timestamptz AT TIME ZONE d.time_zone)::date
            ORDER BY d.due_date, d.id
            LIMIT $2
            FOR UPDATE OF d SKIP LOCKED)
         UPDATE deadlines d
            SET status = 'missed', status_changed_at = $1, updated_at = now(),
                status_note = 'Due ' || to_char(d.due_date, 'YYYY-MM-DD') || ' at the court (' || d.time_zone || ') and not marked met or waived.'
           FROM due
          WHERE d.id = due.id AND d.status = 'open'
        RETURNING d.id, d.case_id, d.key, to_char(d.due_date, 'YYYY-MM-DD') AS due_date`,
        [now, batchSize],
      )) as unknown[];
      // TypeORM answers an UPDATE with [rows, affected count].
      const missed = (Array.isArray(rows[0]) ? rows[0] : rows) as {
        id: string;
        case_id: string;
        key: string;
        due_date: string;
      }[];
      if (missed.length === 0) return [];
      await this.audit.recordMany(
        missed.map((r) => ({
          action: 'deadline.missed',
          entityType: 'deadline',
          entityId: r.id,
          details: { caseId: r.case_id, key: r.key, dueDate: r.due_date, by: 'system' },
        })),
        manager,
      );
      // Reminders for a missed deadline stop: one event for the whole batch (the planner works set-based).
      await this.events.emit(manager, 'deadlines.missed', { deadlineIds: missed.map((r) => r.id) });
      return missed.map((r) => r.id);
    });
  }

  private compute(facts: CaseFacts): {
    deadlines: ReturnType<typeof computeCaseDeadlines>['deadlines'];
    notices: readonly DeadlineNotice[];
  } {
    try {
      return computeCaseDeadlines(facts.snapshot, facts.options);
    } catch (err) {
      if (err instanceof DeadlineInputError) {
        this.logger.warn(
          { caseId: facts.caseId, err: err.message },
          'deadline engine refused the case facts',
        );
        throw unprocessable(
          'deadline_input_invalid',
          `The deadlines of case ${facts.caseId} cannot be computed: ${err.message}`,
        );
      }
      throw err;
    }
  }

  private async apply(
    manager: EntityManager,
    caseId: string,
    plan: DeadlineSyncPlan,
  ): Promise<RecomputeResult> {
    const now = this.clock.now();
    const inserted: string[] = [];
    if (plan.inserts.length > 0) {
      const rows = plan.inserts.map((d) => ({
        id: randomUUID(),
        caseId,
        status: 'open' as const,
        ...d,
        explanation: d.explanation,
      }));
      await manager.insert(Deadline, rows);
      inserted.push(...rows.map((r) => r.id));
    }
    for (const update of plan.updates) {
      const changes: Partial<Deadline> = { ...update.changes };
      if (update.status)
        Object.assign(changes, {
          status: update.status.to,
          statusNote: clip(update.status.note),
          statusChangedAt: now,
        });
      await manager.update(Deadline, { id: update.id }, changes);
    }
    for (const item of plan.supersedes) {
      await manager.update(
        Deadline,
        { id: item.id },
        { status: 'superseded', statusNote: clip(item.note), statusChangedAt: now },
      );
    }
    return {
      caseId,
      inserted,
      updated: plan.updates.map((u) => u.id),
      superseded: plan.supersedes.map((s) => s.id),
    };
  }

  private async findVisible(user: AuthenticatedUser, id: string): Promise<Deadline> {
    return findVisibleRow(this.dataSource.getRepository(Deadline), visibility.deadline, user, id, 'd');
  }

  private checkedDate(value: string, field: string): string {
    if (!isCalendarDate(value)) {
      throw badRequest('invalid_date', `${field}: ${value} is not a date on the calendar.`, [
        { field, message: 'not a real date' },
      ]);
    }
    return value;
  }

  view(d: Deadline): DeadlineView {
    const today = todayIn(d.timeZone, this.clock.now());
    return {
      id: d.id,
      caseId: d.caseId,
      key: d.key,
      ruleId: d.ruleId,
      origin: d.origin,
      triggerKind: d.triggerKind,
      triggerRef: d.triggerRef,
      triggerDate: d.triggerDate,
      computedDate: d.computedDate,
      dueDate: d.dueDate,
      remindBy: d.remindBy,
      timeZone: d.timeZone,
      actor: d.actor,
      title: d.title,
      explanation: d.explanation,
      sourceStatus: d.sourceStatus,
      source: d.source,
      replacesKey: d.replacesKey,
      status: d.status,
      statusNote: d.statusNote,
      statusChangedAt: d.statusChangedAt,
      daysLeft: daysBetween(today, d.dueDate),
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
    };
  }
}
