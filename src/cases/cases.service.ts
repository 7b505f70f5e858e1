import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { findVisibleRow } from '../auth/visible-row';
import { visibility } from '../auth/visibility';
import { badRequest, conflict, notFound } from '../common/app-error';
import { DomainEvents } from '../common/domain-events';
import { Page } from '../common/pagination';
import { Clock } from '../clock/clock';
import { ChildrenService } from '../children/children.service';
import { CourtsService } from '../courts/courts.service';
import { listCasesByUrgency } from '../matching/urgency/urgent-queue';
import { canTransition, CaseStatus, isManualTransition } from './case-status';
import { CaseHandoff, LegalCase } from './case.entity';
import { FieldCipher } from '../privacy/field-cipher';
import { openHandoff, sealHandoff } from './handoff';
import { CaseQueryDto, CreateCaseDto, TransitionCaseDto, UpdateCaseDto } from './cases.dto';
import { CaseView } from './cases.views';

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'k.createdAt',
  statusChangedAt: 'k.statusChangedAt',
};

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(LegalCase) private readonly cases: Repository<LegalCase>,
    private readonly children: ChildrenService,
    private readonly courts: CourtsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async create(user: AuthenticatedUser, input: CreateCaseDto): Promise<CaseView> {
    const child = await this.children.findVisible(user, input.childId);
    if (input.courtCode) await this.assertCourt(input.courtCode);
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await manager.save(
        manager.create(LegalCase, {
          childId: child.id,
          organizationId: child.organizationId,
          caseType: input.caseType,
          courtCode: input.courtCode ?? null,
          notes: input.notes ?? null,
          handoffEnc: sealHandoff(this.cipher, input.handoff),
          status: 'intake',
        }),
      );
      await this.audit.record(
        {
          action: 'case.create',
          entityType: 'case',
          entityId: row.id,
          details: { childId: child.id, caseType: row.caseType },
        },
        manager,
      );
      // Subscribers (deadlines) compute what a new case needs at once, in this transaction.
      await this.events.emit(manager, 'case.changed', { caseId: row.id, fields: ['opened'] });
      return row;
    });
    return this.toView(saved);
  }

  async list(user: AuthenticatedUser, query: CaseQueryDto): Promise<Page<CaseView>> {
    const qb = this.cases.createQueryBuilder('k').where(...visibility.case.forQueryBuilder(user, 'k'));
    if (query.status) qb.andWhere('k.status = :status', { status: query.status });
    if (query.caseType) qb.andWhere('k.caseType = :caseType', { caseType: query.caseType });
    if (query.courtCode) qb.andWhere('k.courtCode = :court', { court: query.courtCode });
    if (query.childId) qb.andWhere('k.childId = :childId', { childId: query.childId });
    if (query.attorneyId) qb.andWhere('k.attorneyId = :attorneyId', { attorneyId: query.attorneyId });
    if (query.organizationId) qb.andWhere('k.organizationId = :org', { org: query.organizationId });
    // The urgent queue: soonest hearing, deadline or SIJS age-out first, each item with its urgency (src/matching).
    if (query.sort === 'urgency')
      return listCasesByUrgency(this.dataSource, qb, query, this.clock.now(), (k) => this.toView(k));
    const sort = query.sort ?? '-createdAt';
    qb.orderBy(SORT_COLUMNS[sort.replace(/^-/, '')], sort.startsWith('-') ? 'DESC' : 'ASC').addOrderBy(
      'k.id',
      'ASC',
    );
    const [rows, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return { items: rows.map((k) => this.toView(k)), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthenticatedUser, id: string): Promise<CaseView> {
    return this.toView(await this.findVisible(user, id));
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateCaseDto): Promise<CaseView> {
    const existing = await this.findVisible(user, id);
    if (existing.status === 'closed')
      throw conflict('case_closed', 'This case is closed: reopen it before changing it.');
    if (input.courtCode) await this.assertCourt(input.courtCode);
    await this.dataSource.transaction(async (manager) => {
      const changes: Partial<LegalCase> = {};
      if (input.caseType !== undefined) changes.caseType = input.caseType;
      if (input.courtCode !== undefined) changes.courtCode = input.courtCode;
      if (input.notes !== undefined) changes.notes = input.notes;
      if (input.handoff !== undefined) changes.handoffEnc = sealHandoff(this.cipher, input.handoff);
      if (Object.keys(changes).length) await manager.update(LegalCase, { id }, changes);
      await this.audit.record(
        { action: 'case.update', entityType: 'case', entityId: id, details: { fields: Object.keys(input) } },
        manager,
      );
      await this.events.emit(manager, 'case.changed', { caseId: id, fields: Object.keys(input) });
    });
    return this.toView(await this.cases.findOneByOrFail({ id }));
  }

  /** A coordinator's manual status change; offers drive `offered` and `represented`. */
  async transition(user: AuthenticatedUser, id: string, input: TransitionCaseDto): Promise<CaseView> {
    await this.findVisible(user, id);
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(LegalCase, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw notFound('case_not_found', `No case ${id}.`);
      if (!canTransition(current.status, input.status)) {
        throw conflict('invalid_transition', `A case cannot go from ${current.status} to ${input.status}.`);
      }
      if (!isManualTransition(current.status, input.status)) {
        throw conflict(
          'transition_by_offer_only',
          `${current.status} → ${input.status} happens through offers (POST /cases/:id/offers), not by hand.`,
        );
      }
      if (input.status === 'closed' && !input.reason)
        throw badRequest('reason_required', 'Say why the case is closed (reason).');
      await this.applyTransition(manager, current, input.status, input.reason ?? null);
    });
    return this.toView(await this.cases.findOneByOrFail({ id }));
  }

  /** Moves a locked case to a new status, keeping the status columns consistent. For use inside a transaction. */
  async applyTransition(
    manager: EntityManager,
    current: LegalCase,
    to: CaseStatus,
    reason: string | null,
    attorneyId?: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const changes: Partial<LegalCase> = { status: to, statusChangedAt: now };
    if (to === 'closed') Object.assign(changes, { closedAt: now, closeReason: reason });
    if (current.status === 'closed')
      Object.assign(changes, { closedAt: null, closeReason: null, attorneyId: null });
    if (to === 'seeking_counsel' || to === 'offered' || to === 'intake') changes.attorneyId = null;
    if (to === 'represented') changes.attorneyId = attorneyId ?? current.attorneyId;
    await manager.update(LegalCase, { id: current.id }, changes);
    await this.audit.record(
      {
        action: 'case.status',
        entityType: 'case',
        entityId: current.id,
        details: { from: current.status, to, reason, attorneyId: changes.attorneyId ?? null },
      },
      manager,
    );
    await this.events.emit(manager, 'case.changed', { caseId: current.id, fields: ['status'] });
  }

  /** The case if this user may see it; otherwise 404 (whether or not it exists). */
  async findVisible(user: AuthenticatedUser, id: string): Promise<LegalCase> {
    return findVisibleRow(this.cases, visibility.case, user, id, 'k');
  }

  /** The case as the API shows it, handoff notes decrypted. */
  toView(k: LegalCase): CaseView {
    return caseView(k, openHandoff(this.cipher, k.handoffEnc));
  }

  private async assertCourt(code: string): Promise<void> {
    if (!(await this.courts.findCourt(code)))
      throw badRequest(
        'unknown_court',
        `No immigration court has EOIR code ${code}. GET /courts lists them.`,
      );
  }
}

function caseView(k: LegalCase, handoff: CaseHandoff): CaseView {
  return {
    id: k.id,
    childId: k.childId,
    organizationId: k.organizationId,
    caseType: k.caseType,
    courtCode: k.courtCode,
    status: k.status,
    attorneyId: k.attorneyId,
    notes: k.notes,
    handoff,
    statusChangedAt: k.statusChangedAt,
    closedAt: k.closedAt,
    closeReason: k.closeReason,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
  };
}
