import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AttorneysService } from '../../attorneys/attorneys.service';
import { AuditService } from '../../audit/audit.service';
import { AuthenticatedUser } from '../../auth/decorators';
import { LegalCase } from '../../cases/case.entity';
import { CasesService } from '../../cases/cases.service';
import { Clock } from '../../clock/clock';
import { AppError, conflict, notFound, unprocessable } from '../../common/app-error';
import { DomainEvents } from '../../common/domain-events';
import { Page } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailService } from '../../mail/mail.service';
import { CaseFacts, caseParameters, caseProfile, loadCaseFacts } from '../candidates/case-facts';
import { CandidateRow, attorneyRowQuery, candidateProfile } from '../candidates/candidate-sql';
import { RankingContext, candidateRowsForCase, explainRow, loadLanguageNames } from '../candidates/ranking';
import { Db, rowsOf, typeormDb } from '../../database/sql';
import { MATCHING_SETTINGS, MatchingSettings, fairnessSince } from '../matching-settings';
import { CandidateScore, scoreCandidate } from '../scoring/score-candidate';
import { AttorneyMailKind, OfferEffect, OfferJobs } from './offer-jobs';
import { attorneyMail, coordinatorMail } from './offer-mail';
import { ExplanationView, OfferCaseSummaryView, OfferView } from './offer-views';
import { CreateOfferDto, OfferQueryDto, OfferSource, OfferStatus } from './offers.dto';
import { describeError } from '../../common/error-log';
import { CaseHandoff } from '../../cases/case.entity';
import { openHandoff } from '../../cases/handoff';
import { FieldCipher } from '../../privacy/field-cipher';

interface OfferRow {
  id: string;
  case_id: string;
  attorney_id: string;
  organization_id: string;
  status: OfferStatus;
  source: OfferSource;
  rank_score: number;
  explanation: ExplanationView;
  expires_at: Date;
  decline_reason: string | null;
  withdraw_reason: string | null;
  responded_at: Date | null;
  ended_at: Date | null;
  plan_id: string | null;
  previous_offer_id: string | null;
  created_by: string | null;
  created_at: Date;
  attorney_name: string;
  attorney_user_id: string;
}

const OFFER_COLUMNS = `o.id, o.case_id, o.attorney_id, o.organization_id, o.status, o.source, o.rank_score,
  o.explanation, o.expires_at, o.decline_reason, o.withdraw_reason, o.responded_at, o.ended_at, o.plan_id,
  o.previous_offer_id, o.created_by, o.created_at, u.display_name AS attorney_name, u.id AS attorney_user_id`;
const OFFER_FROM = `offers o JOIN attorneys a ON a.id = o.attorney_id JOIN users u ON u.id = a.user_id`;

/** A request to send one offer: from a coordinator, an automatic rotation, or a plan. */
export interface SendOffer {
  caseId: string;
  /** null: the best candidate who has not had this case yet. */
  attorneyId: string | null;
  source: OfferSource;
  createdBy: string | null;
  planId?: string | null;
  previousOfferId?: string | null;
}

export function explanationOf(scored: CandidateScore): ExplanationView {
  return {
    summary: scored.summary,
    score: scored.score,
    maxScore: scored.maxScore,
    serviceMode: scored.serviceMode,
    distanceMiles: scored.distanceMiles,
    factors: scored.factors.map((f) => ({
      factor: f.factor,
      points: f.points,
      maxPoints: f.maxPoints,
      detail: f.detail,
    })),
  };
}

/**
 * Offers: a case offered to one attorney at a time (or to several, when configured), accepted atomically,
 * declined with a reason, withdrawn, or expired; the case status follows (seeking_counsel ⇄ offered →
 * represented). Every change locks the case row first, then the offer rows, in one transaction; queue jobs and
 * e-mails come after the commit.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);
  private languageNames: Promise<Map<string, string>> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly attorneys: AttorneysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: OfferJobs,
    private readonly mail: MailService,
    events: DomainEvents,
    @Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {
    // A case closed (or otherwise taken out of the matching states) by hand takes its pending offers with it.
    events.on('case.changed', (manager, event) =>
      event.fields.includes('status') ? this.withdrawIfCaseLeft(manager, event.caseId) : Promise.resolve(),
    );
  }

  async rankingContext(now: Date): Promise<RankingContext> {
    this.languageNames ??= loadLanguageNames(typeormDb(this.dataSource)).catch((err: unknown) => {
      this.languageNames = undefined;
      throw err;
    });
    return { settings: this.settings, now, languageNames: await this.languageNames };
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
  async send(request: SendOffer): Promise<{ offerId: string }> {
    const now = this.clock.now();
    const context = await this.rankingContext(now);
    const created = await this.transaction(async (manager) => {
      const locked = await this.lockCase(manager, request.caseId);
      if (locked.status !== 'seeking_counsel' && locked.status !== 'offered') {
        throw conflict(
          'case_not_seeking_counsel',
          `This case is ${locked.status}; only a case seeking counsel can be offered (move it to seeking_counsel first).`,
        );
      }
      const pending = await this.rows(
        manager,
        `SELECT attorney_id FROM offers WHERE case_id = $1 AND status = 'pending'`,
        [request.caseId],
      );
      if (request.attorneyId && pending.some((p) => p.attorney_id === request.attorneyId)) {
        throw conflict('offer_already_pending', 'This attorney already holds a pending offer of this case.');
      }
      const max = this.config.matching.maxPendingOffersPerCase;
      if (pending.length >= max) {
        throw conflict(
          'case_has_pending_offer',
          max === 1
            ? 'This case already has a pending offer: wait for the answer or withdraw it first.'
            : `This case already has ${pending.length} pending offers (the most allowed at once).`,
        );
      }
      const db = typeormDb(manager);
      const [facts] = await loadCaseFacts(db, [request.caseId], now);
      const chosen = request.attorneyId
        ? await this.scoreNamed(db, facts, request.attorneyId, context)
        : await this.nextBest(db, facts, context);
      const expiresAt = new Date(now.getTime() + this.config.matching.offerTtlSeconds * 1000);
      const [{ id }] = await this.rows<{ id: string }>(
        manager,
        `INSERT INTO offers (case_id, attorney_id, organization_id, status, source, rank_score, explanation,
                             expires_at, plan_id, previous_offer_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'pending', $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $11)
         RETURNING id`,
        [
          request.caseId,
          chosen.attorneyId,
          locked.organizationId,
          request.source,
          chosen.score,
          JSON.stringify(explanationOf(chosen)),
          expiresAt,
          request.planId ?? null,
          request.previousOfferId ?? null,
          request.createdBy,
          now,
        ],
      );
      if (locked.status === 'seeking_counsel') {
        await this.cases.applyTransition(manager, locked, 'offered', `offered to ${chosen.attorneyId}`, null);
      }
      await this.audit.record(
        {
          action: 'offer.create',
          entityType: 'offer',
          entityId: id,
          details: {
            caseId: request.caseId,
            attorneyId: chosen.attorneyId,
            source: request.source,
            score: chosen.score,
          },
        },
        manager,
      );
      return { id, expiresAt };
    });
    await this.jobs.apply([
      { kind: 'expire-at', offerId: created.id, at: created.expiresAt },
      { kind: 'mail-attorney', offerId: created.id, about: 'new' },
    ]);
    return { offerId: created.id };
  }

  async withdraw(user: AuthenticatedUser, offerId: string, reason: string | null): Promise<OfferView> {
    const offer = await this.findVisible(user, offerId);
    const effects: OfferEffect[] = [];
    await this.transaction(async (manager) => {
      const locked = await this.lockCase(manager, offer.case_id);
      const current = await this.lockOffer(manager, offerId);
      if (current.status !== 'pending') throw this.notPending(current, locked);
      const now = this.clock.now();
      await manager.query(
        `UPDATE offers SET status = 'withdrawn', withdraw_reason = $2, ended_at = $3, updated_at = $3 WHERE id = $1`,
        [offerId, reason ?? 'withdrawn by the coordinator', now],
      );
      await this.releaseCaseIfIdle(manager, locked, 'offer withdrawn');
      await this.audit.record(
        {
          action: 'offer.withdraw',
          entityType: 'offer',
          entityId: offerId,
          details: { caseId: offer.case_id, reason },
        },
        manager,
      );
      effects.push(
        { kind: 'cancel-expiry', offerId },
        { kind: 'mail-attorney', offerId, about: 'withdrawn' },
      );
    });
    await this.jobs.apply(effects);
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
    const offer = await this.findOwn(own, offerId);
    const effects: OfferEffect[] = [
      { kind: 'cancel-expiry', offerId },
      { kind: 'mail-coordinators', offerId },
    ];
    await this.transaction(async (manager) => {
      const locked = await this.lockCase(manager, offer.case_id);
      const current = await this.lockOffer(manager, offerId);
      if (current.status !== 'pending') throw this.notPending(current, locked);
      const now = this.clock.now();
      if (current.expires_at.getTime() <= now.getTime()) throw this.expired(current);
      if (locked.status !== 'offered' && locked.status !== 'seeking_counsel') {
        throw conflict(
          'case_not_seeking_counsel',
          `This case is ${locked.status} and can no longer be accepted.`,
        );
      }
      const [load] = await this.rows<{ open_matters: number; capacity: number }>(
        manager,
        `SELECT open_matters, capacity FROM attorneys WHERE id = $1`,
        [own],
      );
      if (load.open_matters >= load.capacity) throw this.atCapacity(load.capacity);
      await manager.query(
        `UPDATE offers SET status = 'accepted', responded_at = $2, ended_at = $2, updated_at = $2 WHERE id = $1`,
        [offerId, now],
      );
      const losers = await this.rows<{ id: string }>(
        manager,
        `UPDATE offers SET status = 'withdrawn', withdraw_reason = 'another attorney accepted this case',
                ended_at = $2, updated_at = $2
         WHERE case_id = $1 AND status = 'pending' RETURNING id`,
        [offer.case_id, now],
      );
      try {
        await this.cases.applyTransition(manager, locked, 'represented', 'offer accepted', own);
      } catch (err) {
        // The trigger counted the matter and the CHECK refused it: a concurrent accept took the last slot.
        if (isCapacityViolation(err)) throw this.atCapacity(load.capacity);
        throw err;
      }
      await this.audit.record(
        {
          action: 'offer.accept',
          entityType: 'offer',
          entityId: offerId,
          details: { caseId: offer.case_id, attorneyId: own, withdrawn: losers.map((l) => l.id) },
        },
        manager,
      );
      for (const loser of losers) {
        effects.push(
          { kind: 'cancel-expiry', offerId: loser.id },
          { kind: 'mail-attorney', offerId: loser.id, about: 'withdrawn' },
        );
      }
    });
    await this.jobs.apply(effects);
    return this.get(user, offerId);
  }

  async decline(user: AuthenticatedUser, offerId: string, reason: string): Promise<OfferView> {
    const own = await this.attorneys.ownId(user);
    const offer = await this.findOwn(own, offerId);
    await this.transaction(async (manager) => {
      const locked = await this.lockCase(manager, offer.case_id);
      const current = await this.lockOffer(manager, offerId);
      if (current.status !== 'pending') throw this.notPending(current, locked);
      const now = this.clock.now();
      if (current.expires_at.getTime() <= now.getTime()) throw this.expired(current);
      await manager.query(
        `UPDATE offers SET status = 'declined', decline_reason = $2, responded_at = $3, ended_at = $3, updated_at = $3
         WHERE id = $1`,
        [offerId, reason, now],
      );
      await this.releaseCaseIfIdle(manager, locked, 'offer declined');
      await this.audit.record(
        {
          action: 'offer.decline',
          entityType: 'offer',
          entityId: offerId,
          details: { caseId: offer.case_id, reason },
        },
        manager,
      );
    });
    await this.jobs.apply([
      { kind: 'cancel-expiry', offerId },
      { kind: 'mail-coordinators', offerId },
    ]);
    await this.rotate(offer.case_id, offerId);
    return this.get(user, offerId);
  }

  // ---------------------------------------------------------------- expiry (worker)

  /**
   * Expires one offer if it is still pending and due; returns whether it did. Used by the delayed job and by
   * the sweep; safe to call twice. With rotation on, the case then goes to the next best candidate.
   */
  async expire(offerId: string): Promise<'expired' | 'not_due' | 'not_pending'> {
    const [offer] = await this.rows<{ case_id: string }>(
      this.dataSource.manager,
      `SELECT case_id FROM offers WHERE id = $1`,
      [offerId],
    );
    if (!offer) return 'not_pending';
    const outcome = await this.transaction(async (manager) => {
      const locked = await this.lockCase(manager, offer.case_id);
      const current = await this.lockOffer(manager, offerId);
      if (current.status !== 'pending') return 'not_pending' as const;
      const now = this.clock.now();
      if (current.expires_at.getTime() > now.getTime()) return 'not_due' as const;
      await manager.query(
        `UPDATE offers SET status = 'expired', ended_at = $2, updated_at = $2 WHERE id = $1`,
        [offerId, now],
      );
      await this.releaseCaseIfIdle(manager, locked, 'offer expired');
      await this.audit.record(
        {
          action: 'offer.expire',
          entityType: 'offer',
          entityId: offerId,
          details: { caseId: offer.case_id, expiresAt: current.expires_at.toISOString() },
        },
        manager,
      );
      return 'expired' as const;
    });
    if (outcome === 'expired') {
      await this.jobs.apply([{ kind: 'mail-coordinators', offerId }]);
      await this.rotate(offer.case_id, offerId);
    }
    return outcome;
  }

  /** Pending offers past their expiry, oldest first (the sweep's safety net). */
  async dueOfferIds(limit = 500): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM offers WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
      [this.clock.now(), limit],
    );
    return rows.map((r) => r.id);
  }

  /** The instant an offer expires, if it is still pending (for the delayed job). */
  async pendingExpiry(offerId: string): Promise<Date | null> {
    const [row] = await this.rows<{ expires_at: Date }>(
      this.dataSource.manager,
      `SELECT expires_at FROM offers WHERE id = $1 AND status = 'pending'`,
      [offerId],
    );
    return row?.expires_at ?? null;
  }

  // ---------------------------------------------------------------- rotation

  /** With OFFER_AUTO_ROTATE, a declined or expired offer goes on to the next best candidate. Never throws. */
  private async rotate(caseId: string, previousOfferId: string): Promise<void> {
    if (!this.config.matching.autoRotate) return;
    try {
      const { offerId } = await this.send({
        caseId,
        attorneyId: null,
        source: 'rotation',
        createdBy: null,
        previousOfferId,
      });
      this.logger.log(`case ${caseId}: offer rotated to ${offerId}`);
    } catch (err) {
      // No candidate left, the case changed meanwhile, or another offer is pending: the coordinator decides.
      if (err instanceof AppError) this.logger.log(`case ${caseId}: no rotation (${err.code})`);
      else this.logger.warn(`case ${caseId}: rotation failed: ${describeError(err)}`);
    }
  }

  // ---------------------------------------------------------------- reads

  async get(user: AuthenticatedUser, offerId: string): Promise<OfferView> {
    const row = await this.findVisible(user, offerId);
    const [view] = await this.views([row], user.role === 'attorney');
    return view;
  }

  async list(user: AuthenticatedUser, query: OfferQueryDto): Promise<Page<OfferView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (user.role === 'attorney') add('o.attorney_id = ?', await this.attorneys.ownId(user));
    if (user.role === 'coordinator') add('o.organization_id = ?', user.organizationId);
    if (user.role !== 'attorney' && query.attorneyId) add('o.attorney_id = ?', query.attorneyId);
    if (user.role === 'admin' && query.organizationId) add('o.organization_id = ?', query.organizationId);
    if (query.caseId) add('o.case_id = ?', query.caseId);
    if (query.status) add('o.status = ?', query.status);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.rows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM offers o ${filter}`,
      params,
    );
    const rows = await this.rows<OfferRow>(
      this.dataSource.manager,
      `SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} ${filter}
       ORDER BY o.created_at DESC, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return {
      items: await this.views(rows, user.role === 'attorney'),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Attorneys: their own offers. Coordinators: their organization's. Others' answer 404 (no leak). */
  private async findVisible(user: AuthenticatedUser, offerId: string): Promise<OfferRow> {
    const row = await this.load(offerId);
    const visible =
      row &&
      (user.role === 'admin' ||
        (user.role === 'coordinator' && row.organization_id === user.organizationId) ||
        (user.role === 'attorney' && row.attorney_user_id === user.id));
    if (!row || !visible) throw notFound('offer_not_found', `No offer ${offerId} is visible to you.`);
    return row;
  }

  private async findOwn(attorneyId: string, offerId: string): Promise<OfferRow> {
    const row = await this.load(offerId);
    if (!row || row.attorney_id !== attorneyId)
      throw notFound('offer_not_found', `No offer ${offerId} is yours.`);
    return row;
  }

  private async load(offerId: string): Promise<OfferRow | undefined> {
    const [row] = await this.rows<OfferRow>(
      this.dataSource.manager,
      `SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} WHERE o.id = $1`,
      [offerId],
    );
    return row;
  }

  /** Views with the case summary as of now; an attorney sees the case id only once they accepted. */
  async views(rows: readonly OfferRow[], forAttorney: boolean): Promise<OfferView[]> {
    const facts = await loadCaseFacts(
      typeormDb(this.dataSource),
      [...new Set(rows.map((r) => r.case_id))],
      this.clock.now(),
    );
    const byCase = new Map(facts.map((f) => [f.caseId, f]));
    return rows.map((r) => {
      const caseFacts = byCase.get(r.case_id);
      if (!caseFacts) throw new Error(`case ${r.case_id} of offer ${r.id} not found`);
      const showCase = !forAttorney || r.status === 'accepted';
      return {
        id: r.id,
        status: r.status,
        source: r.source,
        ...(showCase ? { caseId: r.case_id } : {}),
        ...(forAttorney ? {} : { organizationId: r.organization_id }),
        withdrawReason: r.withdraw_reason,
        attorney: { id: r.attorney_id, displayName: r.attorney_name },
        case: caseSummary(caseFacts, openHandoff(this.cipher, caseFacts.handoffEnc)),
        explanation: forAttorney ? coarsened(r.explanation) : r.explanation,
        expiresAt: r.expires_at,
        declineReason: r.decline_reason,
        respondedAt: r.responded_at,
        endedAt: r.ended_at,
        ...(forAttorney ? {} : { planId: r.plan_id, previousOfferId: r.previous_offer_id }),
        createdAt: r.created_at,
      };
    });
  }

  // ---------------------------------------------------------------- e-mail (worker)

  /**
   * Sends the attorney's e-mail for an offer once: the row's notified column is claimed first and released if
   * sending fails, so the job's retries and the sweep do not send it twice.
   */
  async mailAttorney(offerId: string, about: AttorneyMailKind): Promise<boolean> {
    const column = about === 'new' ? 'attorney_notified_at' : 'withdrawal_notified_at';
    const status = about === 'new' ? 'pending' : 'withdrawn';
    return this.claimAndSend(offerId, column, `status = '${status}'`, async (row) => {
      const [view] = await this.views([row], true);
      const [to] = await this.rows<{ email: string }>(
        this.dataSource.manager,
        `SELECT email FROM users WHERE id = $1`,
        [row.attorney_user_id],
      );
      const text = attorneyMail(
        view,
        about,
        this.config.http.publicBaseUrl,
        (await this.rankingContext(this.clock.now())).languageNames,
      );
      await this.mail.send({ to: to.email, ...text });
    });
  }

  /** Sends the answer (accepted, declined, expired) to every active coordinator of the offer's organization. */
  async mailCoordinators(offerId: string): Promise<boolean> {
    return this.claimAndSend(
      offerId,
      'answer_notified_at',
      `status IN ('accepted', 'declined', 'expired')`,
      async (row) => {
        const [view] = await this.views([row], false);
        const coordinators = await this.rows<{ email: string }>(
          this.dataSource.manager,
          `SELECT email FROM users WHERE role = 'coordinator' AND organization_id = $1 AND disabled_at IS NULL ORDER BY email`,
          [row.organization_id],
        );
        const text = coordinatorMail(view, this.config.http.publicBaseUrl);
        for (const c of coordinators) await this.mail.send({ to: c.email, ...text });
      },
    );
  }

  /** Offers whose e-mail is due but was never sent (queue lost, send failed): for the sweep. */
  async unsentMail(
    olderThan: Date,
    limit = 100,
  ): Promise<{ id: string; mail: 'new' | 'withdrawn' | 'answer' }[]> {
    return this.rows(
      this.dataSource.manager,
      `(SELECT id, 'new' AS mail FROM offers
        WHERE status = 'pending' AND attorney_notified_at IS NULL AND created_at < $1 LIMIT $2)
       UNION ALL
       (SELECT id, 'withdrawn' FROM offers
        WHERE status = 'withdrawn' AND withdrawal_notified_at IS NULL AND ended_at < $1 LIMIT $2)
       UNION ALL
       (SELECT id, 'answer' FROM offers
        WHERE status IN ('accepted', 'declined', 'expired') AND answer_notified_at IS NULL AND ended_at < $1 LIMIT $2)`,
      [olderThan, limit],
    );
  }

  private async claimAndSend(
    offerId: string,
    column: 'attorney_notified_at' | 'withdrawal_notified_at' | 'answer_notified_at',
    condition: string,
    send: (row: OfferRow) => Promise<void>,
  ): Promise<boolean> {
    const claimed = await this.rows<{ id: string }>(
      this.dataSource.manager,
      `UPDATE offers SET ${column} = now() WHERE id = $1 AND ${column} IS NULL AND ${condition} RETURNING id`,
      [offerId],
    );
    if (claimed.length === 0) return false;
    try {
      const row = await this.load(offerId);
      if (row) await send(row);
      return true;
    } catch (err) {
      await this.dataSource.query(`UPDATE offers SET ${column} = NULL WHERE id = $1`, [offerId]);
      throw err;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A named attorney: must volunteer with the case's organization and pass every eligibility rule. */
  private async scoreNamed(db: Db, facts: CaseFacts, attorneyId: string, context: RankingContext) {
    const query = attorneyRowQuery(caseParameters(facts, this.settings.options), attorneyId, {
      options: this.settings.options,
      now: context.now,
      fairnessSince: fairnessSince(this.settings, context.now),
    });
    const [row] = await db.query<CandidateRow & { member: boolean }>(query.text, query.values);
    if (!row || !row.member) {
      throw notFound(
        'attorney_not_found',
        `No attorney ${attorneyId} volunteers with this case's organization.`,
      );
    }
    const scored = scoreCandidate(caseProfile(facts), candidateProfile(row, facts.caseType), {
      now: context.now,
      languageNames: context.languageNames,
      options: this.settings.options,
    });
    if (!scored.eligible) {
      throw unprocessable(
        'attorney_ineligible',
        `${row.display_name} cannot take this case: ${scored.ineligibility.map((r) => r.detail).join('; ')}.`,
        scored.ineligibility.map((r) => ({ code: r.code, message: r.detail })),
      );
    }
    return scored;
  }

  /** The best candidate who has not declined, let lapse or already got this case. */
  private async nextBest(db: Db, facts: CaseFacts, context: RankingContext) {
    const [row] = await candidateRowsForCase(db, facts, context, {
      limit: 1,
      excludedAttorneyIds: facts.pendingOrLapsed,
    });
    if (!row) {
      throw conflict(
        'no_candidates',
        'No eligible attorney is left for this case (everyone has declined, let an offer lapse, or cannot take it).',
      );
    }
    return explainRow(facts, row, context);
  }

  private async lockCase(manager: EntityManager, caseId: string): Promise<LegalCase> {
    const locked = await manager.findOne(LegalCase, {
      where: { id: caseId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!locked) throw notFound('case_not_found', `No case ${caseId}.`);
    return locked;
  }

  private async lockOffer(
    manager: EntityManager,
    offerId: string,
  ): Promise<{ status: OfferStatus; expires_at: Date }> {
    const [row] = await this.rows<{ status: OfferStatus; expires_at: Date }>(
      manager,
      `SELECT status, expires_at FROM offers WHERE id = $1 FOR UPDATE`,
      [offerId],
    );
    if (!row) throw notFound('offer_not_found', `No offer ${offerId}.`);
    return row;
  }

  /** The case goes back to seeking counsel when its last pending offer ends without an acceptance. */
  private async releaseCaseIfIdle(manager: EntityManager, locked: LegalCase, reason: string): Promise<void> {
    if (locked.status !== 'offered') return;
    const [{ pending }] = await this.rows<{ pending: number }>(
      manager,
      `SELECT count(*)::int AS pending FROM offers WHERE case_id = $1 AND status = 'pending'`,
      [locked.id],
    );
    if (pending === 0) await this.cases.applyTransition(manager, locked, 'seeking_counsel', reason, null);
  }

  /** Domain event: a case that left seeking_counsel/offered by hand (e.g. closed) withdraws its pending offers. */
  private async withdrawIfCaseLeft(manager: EntityManager, caseId: string): Promise<void> {
    const [row] = await this.rows<{ status: string }>(manager, `SELECT status FROM cases WHERE id = $1`, [
      caseId,
    ]);
    if (!row || row.status === 'seeking_counsel' || row.status === 'offered') return;
    const now = this.clock.now();
    await manager.query(
      `UPDATE offers SET status = 'withdrawn', withdraw_reason = $2, ended_at = $3, updated_at = $3
       WHERE case_id = $1 AND status = 'pending'`,
      [caseId, `the case is now ${row.status}`, now],
    );
  }

  private notPending(current: { status: OfferStatus }, locked: LegalCase): AppError {
    switch (current.status) {
      case 'expired':
        return conflict('offer_expired', 'This offer has expired.');
      case 'withdrawn':
        return locked.status === 'represented'
          ? conflict(
              'case_already_assigned',
              'Another attorney accepted this case first; the offer was withdrawn.',
            )
          : conflict('offer_withdrawn', 'This offer was withdrawn.');
      case 'declined':
        return conflict('offer_declined', 'This offer was already declined.');
      default:
        return conflict('offer_already_accepted', 'This offer was already accepted.');
    }
  }

  private expired(current: { expires_at: Date }): AppError {
    return conflict('offer_expired', `This offer expired at ${current.expires_at.toISOString()}.`);
  }

  private atCapacity(capacity: number): AppError {
    return conflict(
      'attorney_at_capacity',
      `You already have ${capacity} open ${capacity === 1 ? 'matter' : 'matters'}, your capacity: raise it (PATCH /attorneys/me) or close a matter first.`,
    );
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err, 'offers_one_pending_per_pair')) {
        throw conflict('offer_already_pending', 'This attorney already holds a pending offer of this case.');
      }
      throw err;
    }
  }

  private async rows<T = Record<string, unknown>>(
    manager: EntityManager,
    sql: string,
    params: readonly unknown[],
  ): Promise<T[]> {
    return rowsOf<T>(await manager.query(sql, [...params]));
  }
}

/**
 * The explanation as an attorney sees it: whole miles and points to one decimal. Exact distance points would
 * give away the exact distance from the attorney's office to the child's home.
 */
function coarsened(e: ExplanationView): ExplanationView {
  const tenth = (n: number) => Math.round(n * 10) / 10;
  return {
    ...e,
    score: tenth(e.score),
    distanceMiles: e.distanceMiles === null ? null : Math.round(e.distanceMiles),
    factors: e.factors.map((x) => ({ ...x, points: tenth(x.points) })),
  };
}

/** The de-identified summary an attorney sees before accepting. */
export function caseSummary(facts: CaseFacts, handoff: CaseHandoff): OfferCaseSummaryView {
  return {
    caseType: facts.caseType,
    age: facts.childAge,
    languages: {
      primary: facts.childPrimaryLanguage,
      others: facts.childOtherLanguages,
      sponsor: facts.sponsorLanguage,
    },
    county: facts.childCounty,
    state: facts.childState,
    court: facts.court
      ? { code: facts.court.code, name: facts.court.name, city: facts.court.city, state: facts.court.state }
      : null,
    nextHearingDate: facts.nextHearingDate,
    flags: handoff.safetyFlags ?? [],
  };
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
