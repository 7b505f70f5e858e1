import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingOrganization, visibility } from '../../auth/visibility';
import { AuditService } from '../../audit/audit.service';
import { AuthenticatedUser } from '../../auth/decorators';
import { Clock } from '../../clock/clock';
import { AppError, conflict, notFound, unprocessable } from '../../common/app-error';
import { CandidateRow } from '../candidates/candidate-sql';
import { explainRow } from '../candidates/ranking';
import { rowsOf, typeormDb } from '../../database/sql';
import { MATCHING_SETTINGS, MatchingSettings } from '../matching-settings';
import { OffersService } from '../offers/offers.service';
import { explanationOf } from '../offers/send-offer';
import { AssignmentPlan, greedyPlan, planAssignments, PlanObjective } from '../planning';
import { buildPlanInput } from './plan-input';
import {
  CreatePlanDto,
  PlannedPairView,
  PlanOfferResultView,
  PlanOffersReportView,
  PlanTotalsView,
  PlanView,
} from './plans.dto';

interface PlanRow {
  id: string;
  organization_id: string;
  objective: PlanObjective;
  options: { candidatesPerCase: number; urgentWithinDays: number; timings?: Record<string, number> };
  totals: PlanTotalsView;
  greedy_totals: PlanTotalsView;
  pairs: PlannedPairView[];
  uncovered: string[];
  status: 'proposed' | 'offers_sent';
  offers_report: PlanOffersReportView | null;
  created_at: Date;
}

function totalsOf(plan: AssignmentPlan): PlanTotalsView {
  return {
    totalScore: plan.totalScore,
    casesCovered: plan.casesCovered,
    casesTotal: plan.casesTotal,
    urgentCovered: plan.urgentCovered,
    urgentTotal: plan.urgentTotal,
  };
}

/**
 * Assignment plans for an organization's open queue: candidates of every case from the candidate query, the
 * exact planner (min-cost flow) beside the greedy baseline, stored so a coordinator can send the offers later.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: OffersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings,
  ) {}

  async create(user: AuthenticatedUser, input: CreatePlanDto): Promise<PlanView> {
    const organizationId = actingOrganization(user, input.organizationId);
    const [org] = (await this.dataSource.query('SELECT id FROM organizations WHERE id = $1', [
      organizationId,
    ])) as {
      id: string;
    }[];
    if (!org) throw notFound('organization_not_found', `No organization ${organizationId}.`);
    const objective = input.objective ?? 'cover_most_cases';
    const k = input.candidatesPerCase ?? this.settings.planCandidatesPerCase;
    const urgentWithinDays = input.urgentWithinDays ?? this.settings.urgentWithinDays;
    const now = this.clock.now();
    const context = await this.offers.rankingContext(now);
    const db = typeormDb(this.dataSource);

    let started = performance.now();
    const built = await buildPlanInput(db, organizationId, context, { k });
    const candidatesMs = performance.now() - started;
    let plan: AssignmentPlan;
    started = performance.now();
    try {
      plan = planAssignments(built.input, { objective, urgentWithinDays });
    } catch (err) {
      if (err instanceof RangeError) throw unprocessable('plan_too_large', err.message);
      throw err;
    }
    const solveMs = performance.now() - started;
    started = performance.now();
    const greedy = greedyPlan(built.input, { objective, urgentWithinDays });
    const greedyMs = performance.now() - started;

    const pairs = await this.explain(plan, built, context);
    const timings = {
      candidatesMs: Math.round(candidatesMs),
      solveMs: Math.round(solveMs),
      greedyMs: Math.round(greedyMs),
    };
    const [row] = (await this.dataSource.query(
      `INSERT INTO matching_plans (organization_id, objective, options, totals, greedy_totals, pairs, uncovered, created_by, created_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9) RETURNING *`,
      [
        organizationId,
        objective,
        JSON.stringify({ candidatesPerCase: k, urgentWithinDays, timings }),
        JSON.stringify(totalsOf(plan)),
        JSON.stringify(totalsOf(greedy)),
        JSON.stringify(pairs),
        JSON.stringify(plan.uncoveredCaseIds),
        user.id,
        now,
      ],
    )) as PlanRow[];
    await this.audit.record({
      action: 'plan.create',
      entityType: 'matching_plan',
      entityId: row.id,
      details: { organizationId, objective, ...totalsOf(plan) },
    });
    return this.view(row);
  }

  async get(user: AuthenticatedUser, planId: string): Promise<PlanView> {
    return this.view(await this.findVisible(user, planId));
  }

  /** Sends an offer for every pair of the plan, skipping (and reporting) the pairs no longer possible. */
  async sendOffers(user: AuthenticatedUser, planId: string): Promise<PlanOffersReportView> {
    const plan = await this.findVisible(user, planId);
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE matching_plans SET status = 'offers_sent', offers_sent_at = $2
         WHERE id = $1 AND status = 'proposed' RETURNING id`,
        [planId, this.clock.now()],
      ),
    );
    if (claimed.length === 0)
      throw conflict('plan_already_sent', 'The offers of this plan were already sent.');
    const sent: PlanOfferResultView[] = [];
    const skipped: PlanOfferResultView[] = [];
    for (const pair of plan.pairs) {
      try {
        const { offerId } = await this.offers.send({
          caseId: pair.caseId,
          attorneyId: pair.attorneyId,
          source: 'plan',
          createdBy: user.id,
          planId,
        });
        sent.push({ caseId: pair.caseId, attorneyId: pair.attorneyId, offerId });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        skipped.push({
          caseId: pair.caseId,
          attorneyId: pair.attorneyId,
          code: err.code,
          message: err.message,
        });
      }
    }
    const report: PlanOffersReportView = { planId, sent, skipped };
    await this.dataSource.query(`UPDATE matching_plans SET offers_report = $2::jsonb WHERE id = $1`, [
      planId,
      JSON.stringify(report),
    ]);
    await this.audit.record({
      action: 'plan.send',
      entityType: 'matching_plan',
      entityId: planId,
      details: { sent: sent.length, skipped: skipped.length },
    });
    return report;
  }

  /** Each chosen pair explained by the pure scoring code, from the row the database ranked. */
  private async explain(
    plan: AssignmentPlan,
    built: Awaited<ReturnType<typeof buildPlanInput>>,
    context: Awaited<ReturnType<OffersService['rankingContext']>>,
  ): Promise<PlannedPairView[]> {
    const ids = [...new Set(plan.pairs.map((p) => p.attorneyId))];
    const profiles = ids.length
      ? ((await this.dataSource.query(
          `SELECT a.id, a.user_id, u.display_name, a.active, a.paused_until, a.capacity, a.open_matters,
                  a.practice_areas, a.bar_admissions, a.languages, a.latitude, a.longitude, a.travel_radius_miles,
                  a.remote_ok
           FROM attorneys a JOIN users u ON u.id = a.user_id WHERE a.id = ANY ($1::uuid[])`,
          [ids],
        )) as Omit<CandidateRow, 'distance_miles' | 'experience' | 'recent' | 'score'>[])
      : [];
    const byId = new Map(profiles.map((p) => [p.id, p]));
    return plan.pairs.map((pair) => {
      const facts = built.facts.get(pair.caseId)!;
      const ranked = built.rows.get(pair.caseId)!.find((r) => r.id === pair.attorneyId)!;
      const row: CandidateRow = { ...byId.get(pair.attorneyId)!, ...ranked };
      const explained = explainRow(facts, row, context);
      return {
        caseId: pair.caseId,
        attorneyId: pair.attorneyId,
        attorneyName: explained.displayName,
        urgent: pair.urgent,
        daysToNextEvent: pair.daysToNextEvent,
        urgencyReason: facts.urgency.reason,
        ...explanationOf(explained),
      };
    });
  }

  private async findVisible(user: AuthenticatedUser, planId: string): Promise<PlanRow> {
    const [row] = (await this.dataSource.query(`SELECT * FROM matching_plans WHERE id = $1`, [
      planId,
    ])) as PlanRow[];
    visibility.plan.check(user, row && { organizationId: row.organization_id }, planId);
    return row;
  }

  private view(row: PlanRow): PlanView {
    return {
      id: row.id,
      organizationId: row.organization_id,
      objective: row.objective,
      status: row.status,
      candidatesPerCase: row.options.candidatesPerCase,
      urgentWithinDays: row.options.urgentWithinDays,
      totals: row.totals,
      greedy: row.greedy_totals,
      pairs: row.pairs,
      uncoveredCaseIds: row.uncovered,
      timings: row.options.timings,
      offers: row.offers_report,
      createdAt: row.created_at,
    };
  }
}
