import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { CasesService } from '../../cases/cases.service';
import { Clock } from '../../clock/clock';
import { AppError, conflict, notFound, unprocessable } from '../../common/app-error';
import { describeError } from '../../common/error-log';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Db, rowsOf, typeormDb } from '../../database/sql';
import { CaseFacts, caseParameters, caseProfile, loadCaseFacts } from '../candidates/case-facts';
import { CandidateRow, attorneyRowQuery, candidateProfile } from '../candidates/candidate-sql';
import { RankingContext, candidateRowsForCase, explainRow } from '../candidates/ranking';
import { MATCHING_SETTINGS, MatchingSettings, fairnessSince } from '../matching-settings';
import { CandidateScore, scoreCandidate } from '../scoring/score-candidate';
import { OfferTransitions, lockCase, offerTransaction } from './offer-transition';
import { ExplanationView } from './offer-views';
import { OfferSource } from './offers.dto';
import { RankingContexts } from './ranking-context';

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

/** Sending an offer: to a named attorney or the best candidate left, and on to the next one (rotation). */
@Injectable()
export class OfferSender {
  private readonly logger = new Logger(OfferSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly transitions: OfferTransitions,
    private readonly rankingContexts: RankingContexts,
    @Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends one offer (validated under the case's row lock); jobs and the attorney's e-mail follow the commit. */
  async send(request: SendOffer): Promise<{ offerId: string }> {
    const now = this.clock.now();
    const context = await this.rankingContexts.at(now);
    const offerId = await offerTransaction(this.dataSource, async (manager) => {
      const locked = await lockCase(manager, request.caseId);
      if (locked.status !== 'seeking_counsel' && locked.status !== 'offered') {
        throw conflict(
          'case_not_seeking_counsel',
          `This case is ${locked.status}; only a case seeking counsel can be offered (move it to seeking_counsel first).`,
        );
      }
      const pending = rowsOf<{ attorney_id: string }>(
        await manager.query(`SELECT attorney_id FROM offers WHERE case_id = $1 AND status = 'pending'`, [
          request.caseId,
        ]),
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
      const [{ id }] = rowsOf<{ id: string }>(
        await manager.query(
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
        ),
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
      await this.transitions.queue(
        manager,
        [
          { kind: 'expire-at', offerId: id, at: expiresAt },
          { kind: 'mail-attorney', offerId: id, about: 'new' },
        ],
        [{ event: 'offer.sent', offerId: id, caseId: request.caseId, attorneyId: chosen.attorneyId }],
      );
      return id;
    });
    return { offerId };
  }

  /** With OFFER_AUTO_ROTATE, a declined or expired offer goes on to the next best candidate. Never throws. */
  async rotate(caseId: string, previousOfferId: string): Promise<void> {
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
}
