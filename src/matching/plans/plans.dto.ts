import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PlanObjective } from '../planning';
import { ExplanationView } from '../offers/offer-views';
import { URGENCY_REASONS, UrgencyReason } from '../urgency/urgency-sql';

export const PLAN_OBJECTIVES: readonly PlanObjective[] = ['cover_most_cases', 'max_total_score'];

export class CreatePlanDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: the organization whose queue to plan' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({
    enum: PLAN_OBJECTIVES,
    default: 'cover_most_cases',
    description: 'Both put urgent cases first; cover_most_cases then prefers one more child with a lawyer',
  })
  @IsOptional()
  @IsIn(PLAN_OBJECTIVES)
  objective?: PlanObjective;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 50,
    description: 'Candidates per case (default MATCHING_PLAN_CANDIDATES)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  candidatesPerCase?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3650,
    description: 'Urgent = next event within this many days',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  urgentWithinDays?: number;
}

export class PlanTotalsView {
  @ApiProperty() totalScore!: number;
  @ApiProperty() casesCovered!: number;
  @ApiProperty() casesTotal!: number;
  @ApiProperty() urgentCovered!: number;
  @ApiProperty() urgentTotal!: number;
}

export class PlannedPairView extends ExplanationView {
  @ApiProperty() caseId!: string;
  @ApiProperty() attorneyId!: string;
  @ApiProperty() attorneyName!: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty({ nullable: true, type: Number }) daysToNextEvent!: number | null;
  @ApiProperty({ nullable: true, enum: URGENCY_REASONS }) urgencyReason!: UrgencyReason | null;
}

export class PlanOfferResultView {
  @ApiProperty() caseId!: string;
  @ApiProperty() attorneyId!: string;
  @ApiPropertyOptional() offerId?: string;
  @ApiPropertyOptional({ description: 'Why the pair was skipped (a stable error code)' }) code?: string;
  @ApiPropertyOptional() message?: string;
}

export class PlanOffersReportView {
  @ApiProperty() planId!: string;
  @ApiProperty({ type: [PlanOfferResultView] }) sent!: PlanOfferResultView[];
  @ApiProperty({
    type: [PlanOfferResultView],
    description: 'Pairs no longer possible (e.g. the attorney filled up)',
  })
  skipped!: PlanOfferResultView[];
}

export class PlanView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty({ enum: PLAN_OBJECTIVES }) objective!: PlanObjective;
  @ApiProperty({ enum: ['proposed', 'offers_sent'] }) status!: 'proposed' | 'offers_sent';
  @ApiProperty() candidatesPerCase!: number;
  @ApiProperty() urgentWithinDays!: number;
  @ApiProperty({ type: PlanTotalsView, description: 'The exact plan (min-cost flow)' })
  totals!: PlanTotalsView;
  @ApiProperty({ type: PlanTotalsView, description: 'The greedy baseline on the same candidates' })
  greedy!: PlanTotalsView;
  @ApiProperty({ type: [PlannedPairView] }) pairs!: PlannedPairView[];
  @ApiProperty({ type: [String] }) uncoveredCaseIds!: string[];
  @ApiPropertyOptional({ description: 'Milliseconds: candidates, solve, greedy' }) timings?: Record<
    string,
    number
  >;
  @ApiPropertyOptional({ type: PlanOffersReportView, nullable: true }) offers?: PlanOffersReportView | null;
  @ApiProperty() createdAt!: Date;
}
