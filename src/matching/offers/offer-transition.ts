import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { LegalCase } from '../../cases/case.entity';
import { CasesService } from '../../cases/cases.service';
import { Clock } from '../../clock/clock';
import { conflict, notFound } from '../../common/app-error';
import { AfterCommit } from '../../database/after-commit';
import { rowsOf } from '../../database/sql';
import { OfferEffect, OfferJobs } from './offer-jobs';
import { OFFER_TRANSITIONS, OfferMove, OfferRefusal, checkOfferMove } from './offer-states';
import { OfferStatus } from './offers.dto';

/** The offer row as locked for a transition. */
export interface LockedOffer {
  id: string;
  caseId: string;
  attorneyId: string;
  status: OfferStatus;
  expiresAt: Date;
}

/** What a use case sees under the locks: the case row and the offer row, both locked FOR UPDATE. */
export interface TransitionContext {
  manager: EntityManager;
  lockedCase: LegalCase;
  offer: LockedOffer;
  now: Date;
}

/** One move of one offer, with what the use case adds around the common steps. */
export interface OfferTransitionRequest<T> {
  move: OfferMove;
  offerId: string;
  /** The offer's case, read before the transaction: the case row is locked first, then the offer row. */
  caseId: string;
  /** The reason column a decline or withdrawal sets. */
  reason?: { column: 'decline_reason' | 'withdraw_reason'; value: string };
  /** Further checks before anything is written (throw to refuse). */
  guard?: (ctx: TransitionContext) => Promise<void>;
  /** What follows on the case (and the other offers) once the offer has moved. */
  follow: (ctx: TransitionContext) => Promise<T>;
  /** The audit event's details. */
  audit: (ctx: TransitionContext, followed: T) => Record<string, unknown>;
  /** Queue work once the transaction has committed. */
  effects: (ctx: TransitionContext, followed: T) => OfferEffect[];
}

export type OfferTransitionResult<T> =
  { done: true; value: T } | { done: false; refusal: OfferRefusal; offer: LockedOffer; caseStatus: string };

/** The one log line per business event: ids and the outcome only, never anything about the child. */
export type OfferEvent =
  | { event: 'offer.sent'; offerId: string; caseId: string; attorneyId: string }
  | {
      event: 'offer.answered' | 'offer.ended';
      offerId: string;
      caseId: string;
      attorneyId: string;
      outcome: OfferStatus;
    };

const EVENT_MESSAGE: Record<OfferEvent['event'], string> = {
  'offer.sent': 'offer sent',
  'offer.answered': 'offer answered',
  'offer.ended': 'offer ended',
};

/**
 * The one way an offer changes status (accept, decline, withdraw, expire), in one transaction: lock the case row,
 * then the offer row FOR UPDATE; check the move against the state table (and the use case's guard); write the
 * status; let the use case carry the consequences; audit; and queue jobs and the log line for after the commit,
 * so nothing outside the database hears of a change that rolled back.
 */
@Injectable()
export class OfferTransitions {
  private readonly logger = new Logger('Offers');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: OfferJobs,
    private readonly afterCommit: AfterCommit,
  ) {}

  run<T>(request: OfferTransitionRequest<T>): Promise<OfferTransitionResult<T>> {
    return offerTransaction(this.dataSource, async (manager) => {
      const lockedCase = await lockCase(manager, request.caseId);
      const offer = await lockOffer(manager, request.offerId);
      const now = this.clock.now();
      const check = checkOfferMove(request.move, offer, now);
      if (!check.allowed) {
        return { done: false, refusal: check.refusal, offer, caseStatus: lockedCase.status };
      }
      const ctx: TransitionContext = { manager, lockedCase, offer, now };
      await request.guard?.(ctx);
      // Every move ends the offer; an answer also records when the attorney responded.
      const answered = OFFER_TRANSITIONS[request.move].answered;
      const set = ['status = $2', 'ended_at = $3', 'updated_at = $3'];
      const params: unknown[] = [offer.id, check.to, now];
      if (answered) set.push('responded_at = $3');
      if (request.reason) {
        params.push(request.reason.value);
        set.push(`${request.reason.column} = $${params.length}`);
      }
      await manager.query(`UPDATE offers SET ${set.join(', ')} WHERE id = $1`, params);
      const followed = await request.follow(ctx);
      await this.audit.record(
        {
          action: `offer.${request.move}`,
          entityType: 'offer',
          entityId: offer.id,
          details: request.audit(ctx, followed),
        },
        manager,
      );
      await this.queue(manager, request.effects(ctx, followed), [
        {
          event: answered ? 'offer.answered' : 'offer.ended',
          offerId: offer.id,
          caseId: offer.caseId,
          attorneyId: offer.attorneyId,
          outcome: check.to,
        },
      ]);
      return { done: true, value: followed };
    });
  }

  /**
   * Withdraws every pending offer of a case whose case row the caller has locked (another attorney accepted,
   * or the case left the matching states); their attorneys hear of it after the commit.
   */
  async withdrawPendingOfCase(
    manager: EntityManager,
    caseId: string,
    reason: string,
    now: Date,
  ): Promise<string[]> {
    const withdrawn = rowsOf<{ id: string; attorney_id: string }>(
      await manager.query(
        `UPDATE offers SET status = 'withdrawn', withdraw_reason = $2, ended_at = $3, updated_at = $3
         WHERE case_id = $1 AND status = 'pending' RETURNING id, attorney_id`,
        [caseId, reason, now],
      ),
    );
    if (withdrawn.length) {
      await this.queue(
        manager,
        withdrawn.flatMap((o): OfferEffect[] => [
          { kind: 'cancel-expiry', offerId: o.id },
          { kind: 'mail-attorney', offerId: o.id, about: 'withdrawn' },
        ]),
        withdrawn.map((o) => ({
          event: 'offer.ended',
          offerId: o.id,
          caseId,
          attorneyId: o.attorney_id,
          outcome: 'withdrawn',
        })),
      );
    }
    return withdrawn.map((o) => o.id);
  }

  /** The case goes back to seeking counsel when its last pending offer ends without an acceptance. */
  async releaseCaseIfIdle(manager: EntityManager, locked: LegalCase, reason: string): Promise<void> {
    if (locked.status !== 'offered') return;
    const [{ pending }] = rowsOf<{ pending: number }>(
      await manager.query(
        `SELECT count(*)::int AS pending FROM offers WHERE case_id = $1 AND status = 'pending'`,
        [locked.id],
      ),
    );
    if (pending === 0) await this.cases.applyTransition(manager, locked, 'seeking_counsel', reason, null);
  }

  /** Jobs and log lines for after the commit of `manager`'s transaction (at once outside one). */
  async queue(manager: EntityManager, effects: OfferEffect[], events: OfferEvent[]): Promise<void> {
    await this.afterCommit.run(manager, async () => {
      for (const { event, ...ids } of events) this.logger.log({ event, ...ids }, EVENT_MESSAGE[event]);
      await this.jobs.apply(effects);
    });
  }
}

/** Locks the case row: every offer change of a case locks it first, so they happen one at a time. */
export async function lockCase(manager: EntityManager, caseId: string): Promise<LegalCase> {
  const locked = await manager.findOne(LegalCase, {
    where: { id: caseId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!locked) throw notFound('case_not_found', `No case ${caseId}.`);
  return locked;
}

async function lockOffer(manager: EntityManager, offerId: string): Promise<LockedOffer> {
  const [row] = rowsOf<{
    id: string;
    case_id: string;
    attorney_id: string;
    status: OfferStatus;
    expires_at: Date;
  }>(
    await manager.query(
      `SELECT id, case_id, attorney_id, status, expires_at FROM offers WHERE id = $1 FOR UPDATE`,
      [offerId],
    ),
  );
  if (!row) throw notFound('offer_not_found', `No offer ${offerId}.`);
  return {
    id: row.id,
    caseId: row.case_id,
    attorneyId: row.attorney_id,
    status: row.status,
    expiresAt: row.expires_at,
  };
}

/** A transaction in which a second pending offer of one attorney and case answers 409, not 500. */
export async function offerTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (err) {
    if (isUniqueViolation(err, 'offers_one_pending_per_pair')) {
      throw conflict('offer_already_pending', 'This attorney already holds a pending offer of this case.');
    }
    throw err;
  }
}

function driverError(err: unknown): { code?: string; constraint?: string } | undefined {
  return err instanceof QueryFailedError
    ? (err.driverError as { code?: string; constraint?: string })
    : undefined;
}

/** The attorneys_within_capacity CHECK (open_matters <= capacity) refused the assignment. */
export function isCapacityViolation(err: unknown): boolean {
  const e = driverError(err);
  return e?.code === '23514' && e.constraint === 'attorneys_within_capacity';
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = driverError(err);
  return e?.code === '23505' && e.constraint === constraint;
}
