import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseType } from '../../cases/case-status';
import { MATCHING_FACTORS, MatchingFactor } from '../scoring/score-candidate';
import { ServiceMode } from '../scoring/service-area';
import { OFFER_SOURCES, OFFER_STATUSES, OfferSource, OfferStatus } from './offers.dto';

export class FactorView {
  @ApiProperty({ enum: MATCHING_FACTORS }) factor!: MatchingFactor;
  @ApiProperty({ description: 'weight x fraction' }) points!: number;
  @ApiProperty() maxPoints!: number;
  @ApiProperty({ example: "speaks K'iche' (native)" }) detail!: string;
}

/** Why an attorney ranks where they do (stored with each offer as it was when sent). */
export class ExplanationView {
  @ApiProperty({
    example: "12 mi; speaks K'iche' (native); admitted in NY; 2 of 5 slots open; 4 SIJS matters before",
  })
  summary!: string;
  @ApiProperty() score!: number;
  @ApiProperty() maxScore!: number;
  @ApiProperty({ enum: ['in_person', 'remote', 'none'] }) serviceMode!: ServiceMode;
  @ApiProperty({ nullable: true, type: Number }) distanceMiles!: number | null;
  @ApiProperty({ type: [FactorView] }) factors!: FactorView[];
}

export class CourtSummaryView {
  @ApiProperty({ example: 'NYC' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() state!: string;
}

export class CaseLanguagesView {
  @ApiProperty({ example: 'quc' }) primary!: string;
  @ApiProperty({ type: [String] }) others!: string[];
  @ApiProperty({ nullable: true, type: String, description: "The sponsor's preferred language" }) sponsor!:
    string | null;
}

/**
 * What an attorney sees of a case before accepting it: enough to decide, nothing that identifies the child
 * (no name, A-number, date of birth, address or contacts).
 */
export class OfferCaseSummaryView {
  @ApiProperty() caseType!: CaseType;
  @ApiProperty({ description: "The child's age in whole years" }) age!: number;
  @ApiProperty({ type: CaseLanguagesView }) languages!: CaseLanguagesView;
  @ApiProperty({ nullable: true, type: String }) county!: string | null;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ type: CourtSummaryView, nullable: true }) court!: CourtSummaryView | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-03-02',
    description: "In the court's time zone",
  })
  nextHearingDate!: string | null;
  @ApiProperty({ type: [String], description: 'Safety flags from the handoff' }) flags!: string[];
}

export class OfferAttorneyView {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
}

export class OfferView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: OFFER_STATUSES }) status!: OfferStatus;
  @ApiProperty({ enum: OFFER_SOURCES }) source!: OfferSource;
  @ApiPropertyOptional({ description: 'Shown to the attorney only once accepted' }) caseId?: string;
  @ApiPropertyOptional() organizationId?: string;
  @ApiProperty({ type: OfferAttorneyView }) attorney!: OfferAttorneyView;
  @ApiProperty({ type: OfferCaseSummaryView }) case!: OfferCaseSummaryView;
  @ApiProperty({ type: ExplanationView }) explanation!: ExplanationView;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) withdrawReason?: string | null;
  @ApiProperty({ nullable: true, type: Date }) respondedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) planId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) previousOfferId?: string | null;
  @ApiProperty() createdAt!: Date;
}

export class OfferPageView {
  @ApiProperty({ type: [OfferView] }) items!: OfferView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
