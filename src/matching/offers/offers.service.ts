import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AttorneysService } from '../../attorneys/attorneys.service';
import { AuthenticatedUser } from '../../auth/decorators';
import { CasesService } from '../../cases/cases.service';
import { Clock } from '../../clock/clock';
import { conflict, unprocessable } from '../../common/app-error';
import { DomainEvents } from '../../common/domain-events';
import { Page } from '../../common/pagination';
import { rowsOf } from '../../database/sql';
import { RankingContext } from '../candidates/ranking';
import { AttorneyMailKind } from './offer-jobs';
import { OfferNotifications } from './offer-notifications';
import { OfferReads } from './offer-reads';
import { refusalError } from './offer-states';
import {
  OfferTransitionResult,
  OfferTransitions,
  TransitionContext,
  isCapacityViolation,
} from './offer-transition';
import { OfferView } from './offer-views';
import { CreateOfferDto, OfferQueryDto } from './offers.dto';
import { RankingContexts } from './ranking-context';
import { OfferSender, SendOffer } from './send-offer';

/**
 * Offers: a case offered to one attorney at a time (or to several, when configured), accepted atomically,
 * declined with a reason, withdrawn, or expired; the case status follows (seeking_counsel ⇄ offered →
 * represented). Every change locks the case row first, then the offer rows, in one transaction
 * (offer-transition.ts); queue jobs and e-mails come after the commit. Reads are in offer-reads.ts, e-mails in
 * offer-notifications.ts, sending in send-offer.ts; this service is the domain's entry point.
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly attorneys: AttorneysService,
    private readonly clock: Clock,
    private readonly transitions: OfferTransitions,
    private readonly sender: OfferSender,
    private readonly reads: OfferReads,
    private readonly notifications: OfferNotifications,
    private readonly rankingContexts: RankingContexts,
    events: DomainEvents,
  ) {
    // A case closed (or otherwise taken out of the matching states) by hand takes its pending offers with it.
    events.on('case.changed', (manager, event) =>
      event.fields.includes('status') ? this.withdrawIfCaseLeft(manager, event.caseId) : Promise.resolve(),
    );
  }

  rankingContext(now: Date): Promise<RankingContext> {
    return this.rankingContexts.at(now);
  }

  // ---------------------------------------------------------------- coordinator actions

  async create(user: AuthenticatedUser, caseId: string, input: CreateOfferDto): Promise<OfferView> {
    if (Boolean(input.attorneyId) === Boolean(input.next)) {
      throw unprocessable(
        'offer_target_required',
        'Say who gets the offer: attorneyId, or next: true for the best candidate (not both).',
      );
    }
    await this.cases.findVisible(user, caseId);
    const { offerId } = await this.send({
      caseId,
      attorneyId: input.attorneyId ?? null,
      source: input.attorneyId ? 'named' : 'next_best',
      createdBy: user.id,
    });
    return this.get(user, offerId);
  }

  /** Sends one offer (validated under the case's row lock); jobs and the attorney's e-mail follow the commit. */
  send(request: SendOffer): Promise<{ offerId: string }> {
    return this.sender.send(request);
  }

  async withdraw(user: AuthenticatedUser, offerId: string, reason: string | null): Promise<OfferView> {
    const offer = await this.reads.findVisible(user, offerId);
    orRefuse(
      await this.transitions.run({
        move: 'withdraw',
        offerId,
        caseId: offer.caseId,
        reason: { column: 'withdraw_reason', value: reason ?? 'withdrawn by the coordinator' },
        follow: ({ manager, lockedCase }) =>
          this.transitions.releaseCaseIfIdle(manager, lockedCase, 'offer withdrawn'),
        audit: () => ({ caseId: offer.caseId, reason }),
        effects: () => [
          { kind: 'cancel-expiry', offerId },
          { kind: 'mail-attorney', offerId, about: 'withdrawn' },
        ],
      }),
    );
    return this.get(user, offerId);
  }

  // ---------------------------------------------------------------- attorney actions

  /**
   * One transaction: the case row and then the offer row are locked, so of all attorneys accepting offers of one
   * case at once exactly one wins; the case becomes represented (the database trigger counts the matter and its
   * CHECK refuses to go over capacity, whatever the concurrency); the other pending offers are withdrawn.
   */
  async accept(user: AuthenticatedUser, offerId: string): Promise<OfferView> {
    const own = await this.attorneys.ownId(user);
    const offer = await this.reads.findOwn(own, offerId);
    let capacity = 0;
    orRefuse(
      await this.transitions.run({
        move: 'accept',
        offerId,
        caseId: offer.caseId,
        guard: async ({ manager, lockedCase }) => {
          if (lockedCase.status !== 'offered' && lockedCase.status !== 'seeking_counsel') {
            throw conflict(
              'case_not_seeking_counsel',
              `This case is ${lockedCase.status} and can no longer be accepted.`,
            );
          }
          const [load] = rowsOf<{ open_matters: number; capacity: number }>(
            await manager.query(`SELECT open_matters, capacity FROM attorneys WHERE id = $1`, [own]),
          );
          capacity = load.capacity;
          if (load.open_matters >= load.capacity) throw atCapacity(capacity);
        },
        follow: async ({ manager, lockedCase, now }: TransitionContext) => {
          const losers = await this.transitions.withdrawPendingOfCase(
            manager,
            offer.caseId,
            'another attorney accepted this case',
            now,
          );
          try {
            await this.cases.applyTransition(manager, lockedCase, 'represented', 'offer accepted', own);
          } catch (err) {
            // The trigger counted the matter and the CHECK refused it: a concurrent accept took the last slot.
            if (isCapacityViolation(err)) throw atCapacity(capacity);
            throw err;
          }
          return losers;
        },
        audit: (_, losers) => ({ caseId: offer.caseId, attorneyId: own, withdrawn: losers }),
        effects: () => [
          { kind: 'cancel-expiry', offerId },
          { kind: 'mail-coordinators', offerId },
        ],
      }),
    );
    return this.get(user, offerId);
  }

  async decline(user: AuthenticatedUser, offerId: string, reason: string): Promise<OfferView> {
    const own = await this.attorneys.ownId(user);
    const offer = await this.reads.findOwn(own, offerId);
    orRefuse(
      await this.transitions.run({
        move: 'decline',
        offerId,
        caseId: offer.caseId,
        reason: { column: 'decline_reason', value: reason },
        follow: ({ manager, lockedCase }) =>
          this.transitions.releaseCaseIfIdle(manager, lockedCase, 'offer declined'),
        audit: () => ({ caseId: offer.caseId, reason }),
        effects: () => [
          { kind: 'cancel-expiry', offerId },
          { kind: 'mail-coordinators', offerId },
        ],
      }),
    );
    await this.sender.rotate(offer.caseId, offerId);
    return this.get(user, offerId);
  }

  // ---------------------------------------------------------------- expiry (worker)

  /**
   * Expires one offer if it is still pending and due; returns whether it did. Used by the delayed job and by
   * the sweep; safe to call twice. With rotation on, the case then goes to the next best candidate.
   */
  async expire(offerId: string): Promise<'expired' | 'not_due' | 'not_pending'> {
    const [offer] = await this.query<{ case_id: string }>(`SELECT case_id FROM offers WHERE id = $1`, [
      offerId,
    ]);
    if (!offer) return 'not_pending';
    const result = await this.transitions.run({
      move: 'expire',
      offerId,
      caseId: offer.case_id,
      follow: ({ manager, lockedCase }) =>
        this.transitions.releaseCaseIfIdle(manager, lockedCase, 'offer expired'),
      audit: ({ offer: current }) => ({ caseId: offer.case_id, expiresAt: current.expiresAt.toISOString() }),
      effects: () => [{ kind: 'mail-coordinators', offerId }],
    });
    if (!result.done) return result.refusal === 'not_due' ? 'not_due' : 'not_pending';
    await this.sender.rotate(offer.case_id, offerId);
    return 'expired';
  }

  /** Pending offers past their expiry, oldest first (the sweep's safety net). */
  async dueOfferIds(limit = 500): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM offers WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
      [this.clock.now(), limit],
    );
    return rows.map((r) => r.id);
  }

  /** The instant an offer expires, if it is still pending (for the delayed job). */
  async pendingExpiry(offerId: string): Promise<Date | null> {
    const [row] = await this.query<{ expires_at: Date }>(
      `SELECT expires_at FROM offers WHERE id = $1 AND status = 'pending'`,
      [offerId],
    );
    return row?.expires_at ?? null;
  }

  // ---------------------------------------------------------------- reads and e-mails

  get(user: AuthenticatedUser, offerId: string): Promise<OfferView> {
    return this.reads.get(user, offerId);
  }

  list(user: AuthenticatedUser, query: OfferQueryDto): Promise<Page<OfferView>> {
    return this.reads.list(user, query);
  }

  mailAttorney(offerId: string, about: AttorneyMailKind): Promise<boolean> {
    return this.notifications.mailAttorney(offerId, about);
  }

  mailCoordinators(offerId: string): Promise<boolean> {
    return this.notifications.mailCoordinators(offerId);
  }

  unsentMail(
    olderThan: Date,
    limit?: number,
  ): Promise<{ id: string; mail: 'new' | 'withdrawn' | 'answer' }[]> {
    return this.notifications.unsentMail(olderThan, limit);
  }

  // ---------------------------------------------------------------- helpers

  /** Domain event: a case that left seeking_counsel/offered by hand (e.g. closed) withdraws its pending offers. */
  private async withdrawIfCaseLeft(manager: EntityManager, caseId: string): Promise<void> {
    const [row] = rowsOf<{ status: string }>(
      await manager.query(`SELECT status FROM cases WHERE id = $1`, [caseId]),
    );
    if (!row || row.status === 'seeking_counsel' || row.status === 'offered') return;
    await this.transitions.withdrawPendingOfCase(
      manager,
      caseId,
      `the case is now ${row.status}`,
      this.clock.now(),
    );
  }

  private async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return rowsOf<T>(await this.dataSource.query(sql, [...params]));
  }
}

/** An answer or withdrawal the state table refused is a 409 naming why. */
function orRefuse<T>(result: OfferTransitionResult<T>): T {
  if (!result.done) throw refusalError(result.refusal, result.offer, result.caseStatus);
  return result.value;
}

function atCapacity(capacity: number) {
  return conflict(
    'attorney_at_capacity',
    `You already have ${capacity} open ${capacity === 1 ? 'matter' : 'matters'}, your capacity: raise it (PATCH /attorneys/me) or close a matter first.`,
  );
}
