import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { findVisibleRow } from '../auth/visible-row';
import { visibility } from '../auth/visibility';
import { badRequest, conflict } from '../common/app-error';
import { DomainEvents } from '../common/domain-events';
import { Clock } from '../clock/clock';
import { LegalCase } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { Court } from '../courts/court.entity';
import { CourtsService } from '../courts/courts.service';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { CaseDecision, DecisionKind } from './decision.entity';
import { HearingChange, HearingChangeKind, HearingState } from './hearing-change.entity';
import { HearingWarning, resolveHearingStart } from './hearing-time';
import { Hearing, HearingKind, HearingOutcome } from './hearing.entity';
import {
  CancelHearingDto,
  CreateDecisionDto,
  CreateHearingDto,
  HearingOutcomeDto,
  HearingScheduleFields,
  UpdateHearingDto,
} from './hearings.dto';
import {
  CourtRefView,
  DecisionView,
  HearingChangeView,
  HearingOutcomeView,
  HearingView,
} from './hearings.views';
import { describeInstant, isCalendarDate, todayIn } from '../time';

/** Changes to these fields change what the family and counsel must know to attend: the version goes up. */
const ATTENDANCE_FIELDS = [
  'startsAt',
  'locationCourtCode',
  'locationNote',
  'remote',
  'remoteLink',
  'remoteInstructions',
] as const;

interface HearingValues {
  hearingType: HearingKind;
  courtCode: string;
  locationCourtCode: string;
  timeZone: string;
  startsAt: Date;
  remote: boolean;
  remoteLink: string | null;
  remoteInstructions: string | null;
  locationNote: string | null;
}

/**
 * Hearings of a case: scheduling (a local time at the court, or an instant), rescheduling with a version and a
 * history row per change, cancellation, outcomes (continued to a new hearing, a decision entered) and the
 * decisions that start appeal and motion clocks. Every write recomputes the case's deadlines in its transaction.
 */
@Injectable()
export class HearingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly courts: CourtsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthenticatedUser, caseId: string, input: CreateHearingDto): Promise<HearingView> {
    const legalCase = await this.cases.findVisible(user, caseId);
    if (legalCase.status === 'closed')
      throw conflict('case_closed', 'This case is closed: reopen it before scheduling hearings.');
    const planned = await this.plan(input, {
      hearingType: input.hearingType,
      courtCode: legalCase.courtCode,
    });
    const warnings = [...planned.warnings];
    const id = await this.dataSource.transaction((manager) =>
      this.insertHearing(manager, user, caseId, planned.values, null, true, warnings),
    );
    return {
      ...(await this.view(await this.load(id))),
      ...(warnings.length ? { warnings } : {}),
    };
  }

  async listForCase(user: AuthenticatedUser, caseId: string): Promise<HearingView[]> {
    await this.cases.findVisible(user, caseId);
    const rows = await this.dataSource
      .getRepository(Hearing)
      .find({ where: { caseId }, order: { startsAt: 'ASC', id: 'ASC' } });
    return this.views(rows);
  }

  async get(user: AuthenticatedUser, id: string): Promise<HearingView> {
    return this.view(await this.findVisible(user, id));
  }

  async history(user: AuthenticatedUser, id: string): Promise<HearingChangeView[]> {
    await this.findVisible(user, id);
    const rows = await this.dataSource
      .getRepository(HearingChange)
      .find({ where: { hearingId: id }, order: { id: 'ASC' } });
    return rows.map((c) => ({
      id: String(c.id),
      version: c.version,
      change: c.change,
      previous: c.previous,
      current: c.current,
      reason: c.reason,
      actorUserId: c.actorUserId,
      changedAt: c.changedAt,
    }));
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateHearingDto): Promise<HearingView> {
    const found = await this.findVisible(user, id);
    this.assertSchedulable(found);
    let warnings: HearingWarning[] = [];
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockHearing(manager, id);
      this.assertSchedulable(current);
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
        throw conflict(
          'version_conflict',
          `The hearing is at version ${current.version}, not ${input.expectedVersion}: someone changed it meanwhile. Reload it and try again.`,
        );
      }
      // Planned against the locked row, so fields the request leaves out keep their latest values.
      const planned = await this.plan(input, current, false, manager);
      warnings = [...planned.warnings];
      const next = planned.values;
      const changed = (Object.keys(next) as (keyof HearingValues)[]).filter(
        (k) => !sameValue(current[k], next[k]),
      );
      if (changed.length === 0) return;
      const attendance = changed.some((k) => (ATTENDANCE_FIELDS as readonly string[]).includes(k));
      const previous = this.state(current);
      const version = attendance ? current.version + 1 : current.version;
      await manager.update(Hearing, { id }, { ...pick(next, changed), version });
      const updated = await manager.findOneByOrFail(Hearing, { id });
      const change: HearingChangeKind = changed.includes('startsAt') ? 'rescheduled' : 'updated';
      await this.recordChange(manager, user, updated, change, previous, input.reason ?? null);
      await this.audit.record(
        {
          action: `hearing.${change === 'rescheduled' ? 'reschedule' : 'update'}`,
          entityType: 'hearing',
          entityId: id,
          details: { caseId: current.caseId, fields: changed, version },
        },
        manager,
      );
      await this.deadlines.recomputeCase(manager, current.caseId, `hearing ${change}`);
      warnings.push(...(await this.emit(manager, updated, change)));
    });
    const view = await this.view(await this.load(id));
    return warnings.length ? { ...view, warnings } : view;
  }

  async cancel(user: AuthenticatedUser, id: string, input: CancelHearingDto): Promise<HearingView> {
    await this.findVisible(user, id);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockHearing(manager, id);
      this.assertSchedulable(current);
      const previous = this.state(current);
      await manager.update(Hearing, { id }, { status: 'cancelled' });
      const updated = await manager.findOneByOrFail(Hearing, { id });
      await this.recordChange(manager, user, updated, 'cancelled', previous, input.reason);
      await this.audit.record(
        {
          action: 'hearing.cancel',
          entityType: 'hearing',
          entityId: id,
          details: { caseId: current.caseId, reason: input.reason },
        },
        manager,
      );
      await this.deadlines.recomputeCase(manager, current.caseId, 'hearing cancelled');
      await this.emit(manager, updated, 'cancelled');
    });
    return this.view(await this.load(id));
  }

  async recordOutcome(
    user: AuthenticatedUser,
    id: string,
    input: HearingOutcomeDto,
  ): Promise<HearingOutcomeView> {
    const found = await this.findVisible(user, id);
    if (input.result === 'continued' && !input.nextHearing) {
      throw badRequest('next_hearing_required', 'A continued hearing needs the new date: give nextHearing.', [
        { field: 'nextHearing', message: 'required when result is continued' },
      ]);
    }
    if (input.result === 'decided' && !input.decision) {
      throw badRequest('decision_required', 'Give the decision entered (kind and date).', [
        { field: 'decision', message: 'required when result is decided' },
      ]);
    }
    if (input.result !== 'continued' && input.nextHearing) {
      throw badRequest('unexpected_next_hearing', 'nextHearing goes with result continued.', [
        { field: 'nextHearing', message: 'only when continued' },
      ]);
    }
    if (input.result !== 'decided' && input.decision) {
      throw badRequest('unexpected_decision', 'decision goes with result decided.', [
        { field: 'decision', message: 'only when decided' },
      ]);
    }
    this.assertSchedulable(found);
    if (found.startsAt.getTime() > this.clock.now().getTime()) {
      throw conflict(
        'hearing_not_held_yet',
        `This hearing is on ${describeInstant(found.startsAt, found.timeZone).display}: record its outcome after it, or reschedule it (PATCH).`,
      );
    }
    const next = input.nextHearing
      ? await this.plan(
          input.nextHearing,
          { ...found, hearingType: input.nextHearing.hearingType ?? found.hearingType },
          true,
        )
      : null;
    if (next && next.values.startsAt.getTime() <= found.startsAt.getTime()) {
      throw badRequest(
        'next_hearing_not_later',
        'The hearing it is continued to must start after this one.',
        [{ field: 'nextHearing', message: 'must be later' }],
      );
    }
    const decisionInput = input.decision
      ? {
          kind: input.decision.kind,
          decidedOn: input.decision.decidedOn ?? describeInstant(found.startsAt, found.timeZone).date,
          note: input.decision.note ?? null,
        }
      : null;
    if (decisionInput)
      this.checkDecisionDate(
        decisionInput.decidedOn,
        found.timeZone,
        describeInstant(found.startsAt, found.timeZone).date,
      );

    const result = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockHearing(manager, id);
      this.assertSchedulable(current);
      const previous = this.state(current);
      const nextHearingId = next
        ? await this.insertHearing(
            manager,
            user,
            current.caseId,
            next.values,
            `continued from hearing ${id}`,
            false,
          )
        : null;
      const decisionId = decisionInput
        ? await this.insertDecision(manager, user, current.caseId, {
            ...decisionInput,
            hearingId: id,
            timeZone: current.timeZone,
          })
        : null;
      const outcome: HearingOutcome = {
        result: input.result,
        note: input.note ?? null,
        nextHearingId,
        decisionId,
        recordedAt: this.clock.now().toISOString(),
        recordedBy: user.id,
      };
      await manager.update(Hearing, { id }, { status: 'completed', outcome });
      const updated = await manager.findOneByOrFail(Hearing, { id });
      await this.recordChange(manager, user, updated, 'outcome', previous, input.note ?? null);
      await this.audit.record(
        {
          action: 'hearing.outcome',
          entityType: 'hearing',
          entityId: id,
          details: { caseId: current.caseId, result: input.result, nextHearingId, decisionId },
        },
        manager,
      );
      await this.deadlines.recomputeCase(manager, current.caseId, `hearing ${input.result}`);
      await this.emit(manager, updated, 'outcome');
      if (nextHearingId) {
        const reported = await this.emit(
          manager,
          await manager.findOneByOrFail(Hearing, { id: nextHearingId }),
          'created',
        );
        if (next) next.warnings.push(...reported);
      }
      return { nextHearingId, decisionId };
    });
    return {
      hearing: await this.view(await this.load(id)),
      nextHearing: result.nextHearingId
        ? {
            ...(await this.view(await this.load(result.nextHearingId))),
            ...(next?.warnings.length ? { warnings: next.warnings } : {}),
          }
        : null,
      decision: result.decisionId
        ? decisionView(
            await this.dataSource.getRepository(CaseDecision).findOneByOrFail({ id: result.decisionId }),
          )
        : null,
    };
  }

  async createDecision(
    user: AuthenticatedUser,
    caseId: string,
    input: CreateDecisionDto,
  ): Promise<DecisionView> {
    const legalCase = await this.cases.findVisible(user, caseId);
    let hearing: Hearing | null = null;
    if (input.hearingId) {
      hearing = await this.dataSource.getRepository(Hearing).findOneBy({ id: input.hearingId, caseId });
      if (!hearing)
        throw badRequest('unknown_hearing', `Case ${caseId} has no hearing ${input.hearingId}.`, [
          { field: 'hearingId', message: 'not a hearing of this case' },
        ]);
    }
    const zone = await this.caseZone(legalCase, hearing);
    this.checkDecisionDate(
      input.decidedOn,
      zone,
      hearing ? describeInstant(hearing.startsAt, hearing.timeZone).date : null,
    );
    const id = await this.dataSource.transaction(async (manager) => {
      const decisionId = await this.insertDecision(manager, user, caseId, {
        kind: input.kind,
        decidedOn: input.decidedOn,
        note: input.note ?? null,
        hearingId: input.hearingId ?? null,
        timeZone: zone,
      });
      await this.deadlines.recomputeCase(manager, caseId, `${input.kind} entered`);
      return decisionId;
    });
    return decisionView(await this.dataSource.getRepository(CaseDecision).findOneByOrFail({ id }));
  }

  async listDecisions(user: AuthenticatedUser, caseId: string): Promise<DecisionView[]> {
    await this.cases.findVisible(user, caseId);
    const rows = await this.dataSource
      .getRepository(CaseDecision)
      .find({ where: { caseId }, order: { decidedOn: 'ASC', createdAt: 'ASC' } });
    return rows.map(decisionView);
  }

  // ---- internals ----

  /**
   * Checks courts and resolves the start time of a new or changed hearing. `base` is the hearing being changed
   * (or the case's defaults for a new one). `fresh` treats the input as a new hearing that inherits `base`'s
   * place and remote details but needs its own time. Inside a transaction, pass its `manager`: a second pool
   * connection taken while holding row locks can starve the pool under concurrent reschedules.
   */
  private async plan(
    input: HearingScheduleFields & { hearingType?: HearingKind },
    base: Partial<Omit<HearingValues, 'hearingType' | 'courtCode'>> & {
      hearingType: HearingKind;
      courtCode: string | null;
    },
    fresh = false,
    manager?: EntityManager,
  ): Promise<{ values: HearingValues; warnings: HearingWarning[] }> {
    const courtCode = input.courtCode ?? base.courtCode;
    if (!courtCode) {
      throw badRequest('court_required', 'The case has no court yet: give courtCode (the court of filing).', [
        { field: 'courtCode', message: 'required when the case has no court' },
      ]);
    }
    const court = await this.checkedCourt(courtCode, 'courtCode', input.courtCode !== undefined, manager);
    const locationCode = input.locationCourtCode ?? base.locationCourtCode ?? court.code;
    const location = await this.checkedCourt(
      locationCode,
      'locationCourtCode',
      input.locationCourtCode !== undefined,
      manager,
    );
    const isNew = base.startsAt === undefined || fresh;
    const resolved = resolveHearingStart(input, location.timeZone, isNew ? undefined : base.startsAt);
    if (!resolved && isNew) {
      throw badRequest(
        'start_time_required',
        'Give the time: localDate + localTime at the court, or startsAt with an offset.',
        [{ field: 'localDate', message: 'required' }],
      );
    }
    const startsAt = resolved?.startsAt ?? base.startsAt!;
    const remote = input.remote ?? base.remote ?? false;
    const remoteLink = input.remoteLink !== undefined ? input.remoteLink || null : (base.remoteLink ?? null);
    const remoteInstructions =
      input.remoteInstructions !== undefined
        ? input.remoteInstructions || null
        : (base.remoteInstructions ?? null);
    if (remote && !remoteLink && !remoteInstructions) {
      throw badRequest(
        'remote_details_required',
        'A remote hearing needs its link or instructions (remoteLink or remoteInstructions).',
        [{ field: 'remoteLink', message: 'required when remote' }],
      );
    }
    return {
      values: {
        hearingType: input.hearingType ?? base.hearingType,
        courtCode: court.code,
        locationCourtCode: location.code,
        timeZone: location.timeZone,
        startsAt,
        remote,
        remoteLink,
        remoteInstructions,
        locationNote:
          input.locationNote !== undefined ? input.locationNote || null : (base.locationNote ?? null),
      },
      warnings: resolved?.warnings ?? [],
    };
  }

  private async checkedCourt(
    code: string,
    field: string,
    given: boolean,
    manager?: EntityManager,
  ): Promise<Court> {
    const court = manager
      ? await manager.findOneBy(Court, { code: code.toUpperCase() })
      : await this.courts.findCourt(code);
    if (!court) {
      throw badRequest(
        'unknown_court',
        `${field}: no immigration court has EOIR code ${code}. GET /courts lists them.`,
        [{ field, message: 'unknown court' }],
      );
    }
    if (given && court.status === 'closed') {
      throw badRequest(
        'court_closed',
        `${field}: ${court.name} (${court.code}) is closed; hearings are not held there.`,
        [{ field, message: 'court closed' }],
      );
    }
    return court;
  }

  private async insertHearing(
    manager: EntityManager,
    user: AuthenticatedUser,
    caseId: string,
    values: HearingValues,
    reason: string | null,
    recomputeAndEmit = true,
    warnings: HearingWarning[] = [],
  ): Promise<string> {
    const saved = await manager.save(
      manager.create(Hearing, { caseId, ...values, status: 'scheduled', version: 1 }),
    );
    await this.recordChange(manager, user, saved, 'created', null, reason);
    await this.audit.record(
      {
        action: 'hearing.create',
        entityType: 'hearing',
        entityId: saved.id,
        details: { caseId, startsAt: values.startsAt.toISOString(), location: values.locationCourtCode },
      },
      manager,
    );
    if (recomputeAndEmit) {
      await this.deadlines.recomputeCase(manager, caseId, 'hearing scheduled');
      warnings.push(...(await this.emit(manager, saved, 'created')));
    }
    return saved.id;
  }

  private async insertDecision(
    manager: EntityManager,
    user: AuthenticatedUser,
    caseId: string,
    input: {
      kind: DecisionKind;
      decidedOn: string;
      note: string | null;
      hearingId: string | null;
      timeZone: string;
    },
  ): Promise<string> {
    const saved = await manager.save(manager.create(CaseDecision, { caseId, ...input, createdBy: user.id }));
    await this.audit.record(
      {
        action: 'decision.create',
        entityType: 'case',
        entityId: caseId,
        details: { decisionId: saved.id, kind: input.kind, decidedOn: input.decidedOn },
      },
      manager,
    );
    return saved.id;
  }

  private checkDecisionDate(decidedOn: string, timeZone: string, hearingDate: string | null): void {
    if (!isCalendarDate(decidedOn)) {
      throw badRequest('invalid_date', `decidedOn: ${decidedOn} is not a date on the calendar.`, [
        { field: 'decidedOn', message: 'not a real date' },
      ]);
    }
    const today = todayIn(timeZone, this.clock.now());
    if (decidedOn > today) {
      throw badRequest(
        'decision_date_in_future',
        `decidedOn: ${decidedOn} is after today at the court (${today}).`,
        [{ field: 'decidedOn', message: 'in the future' }],
      );
    }
    if (hearingDate && decidedOn < hearingDate) {
      throw badRequest(
        'decision_before_hearing',
        `decidedOn: ${decidedOn} is before the hearing (${hearingDate}).`,
        [{ field: 'decidedOn', message: 'before the hearing' }],
      );
    }
  }

  /** The zone of the court whose calendar the case's legal dates are in. */
  private async caseZone(legalCase: LegalCase, hearing: Hearing | null): Promise<string> {
    const code = legalCase.courtCode ?? hearing?.courtCode;
    const court = code ? await this.courts.findCourt(code) : null;
    return court?.timeZone ?? hearing?.timeZone ?? 'America/New_York';
  }

  private assertSchedulable(hearing: Hearing): void {
    if (hearing.status === 'cancelled') {
      throw conflict(
        'hearing_cancelled',
        'This hearing was cancelled and cannot change: schedule a new one (POST /cases/:id/hearings).',
      );
    }
    if (hearing.status === 'completed') {
      throw conflict(
        'hearing_completed',
        'This hearing has taken place (its outcome is recorded) and cannot change: schedule a new one.',
      );
    }
  }

  private async lockHearing(manager: EntityManager, id: string): Promise<Hearing> {
    const hearing = await manager.findOne(Hearing, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!hearing) throw visibility.hearing.hidden(id);
    return hearing;
  }

  private async findVisible(user: AuthenticatedUser, id: string): Promise<Hearing> {
    return findVisibleRow(this.dataSource.getRepository(Hearing), visibility.hearing, user, id, 'h');
  }

  private load(id: string): Promise<Hearing> {
    return this.dataSource.getRepository(Hearing).findOneByOrFail({ id });
  }

  private async recordChange(
    manager: EntityManager,
    user: AuthenticatedUser,
    hearing: Hearing,
    change: HearingChangeKind,
    previous: HearingState | null,
    reason: string | null,
  ): Promise<void> {
    await manager.insert(HearingChange, {
      hearingId: hearing.id,
      version: hearing.version,
      change,
      previous,
      current: this.state(hearing),
      reason,
      actorUserId: user.id,
      changedAt: this.clock.now(),
    });
  }

  /** Tells the other domains (deadlines, reminders); returns what they want the caller warned about. */
  private async emit(
    manager: EntityManager,
    hearing: Hearing,
    change: HearingChangeKind,
  ): Promise<HearingWarning[]> {
    const reported = await this.events.emit(manager, 'hearing.changed', {
      hearingId: hearing.id,
      caseId: hearing.caseId,
      change,
    });
    return reported as HearingWarning[];
  }

  private state(h: Hearing): HearingState {
    return {
      hearingType: h.hearingType,
      status: h.status,
      courtCode: h.courtCode,
      locationCourtCode: h.locationCourtCode,
      locationNote: h.locationNote,
      startsAt: h.startsAt.toISOString(),
      timeZone: h.timeZone,
      localDisplay: describeInstant(h.startsAt, h.timeZone).display,
      remote: h.remote,
      remoteLink: h.remoteLink,
      remoteInstructions: h.remoteInstructions,
      ...(h.outcome ? { outcome: h.outcome } : {}),
    };
  }

  private async view(h: Hearing): Promise<HearingView> {
    return (await this.views([h]))[0];
  }

  private async views(rows: Hearing[]): Promise<HearingView[]> {
    const codes = [...new Set(rows.flatMap((h) => [h.courtCode, h.locationCourtCode]))];
    const courts = new Map(
      (codes.length ? await this.dataSource.getRepository(Court).findBy({ code: In(codes) }) : []).map(
        (c) => [c.code, c],
      ),
    );
    const ref = (code: string): CourtRefView => {
      const c = courts.get(code);
      return { code, name: c?.name ?? code, address: c?.address ?? null, timeZone: c?.timeZone ?? 'UTC' };
    };
    return rows.map((h) => ({
      id: h.id,
      caseId: h.caseId,
      hearingType: h.hearingType,
      status: h.status,
      version: h.version,
      courtCode: h.courtCode,
      court: ref(h.courtCode),
      locationCourtCode: h.locationCourtCode,
      location: ref(h.locationCourtCode),
      locationNote: h.locationNote,
      startsAt: h.startsAt.toISOString(),
      local: describeInstant(h.startsAt, h.timeZone),
      remote: h.remote,
      remoteLink: h.remoteLink,
      remoteInstructions: h.remoteInstructions,
      outcome: h.outcome,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
    }));
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function pick<T extends object, K extends keyof T>(values: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = values[key];
  return out;
}

function decisionView(d: CaseDecision): DecisionView {
  return {
    id: d.id,
    caseId: d.caseId,
    hearingId: d.hearingId,
    kind: d.kind,
    decidedOn: d.decidedOn,
    timeZone: d.timeZone,
    note: d.note,
    createdAt: d.createdAt,
  };
}
