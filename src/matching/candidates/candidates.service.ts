import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../auth/decorators';
import { CaseStatus, CaseType } from '../../cases/case-status';
import { CasesService } from '../../cases/cases.service';
import { Clock } from '../../clock/clock';
import { typeormDb } from '../../database/sql';
import { ExplanationView, FactorView } from '../offers/offer-views';
import { OffersService } from '../offers/offers.service';
import { explanationOf } from '../offers/send-offer';
import { CaseUrgency } from '../urgency/urgency-sql';
import { loadCaseFacts } from './case-facts';
import { rankCandidatesForCase } from './ranking';

export class CandidateView extends ExplanationView {
  @ApiProperty({ description: '1 = best' }) rank!: number;
  @ApiProperty() attorneyId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'Holds a pending offer of this case, or let one lapse' })
  alreadyOffered!: boolean;
}

export class CandidatesView {
  @ApiProperty() caseId!: string;
  @ApiProperty() caseType!: CaseType;
  @ApiProperty() status!: CaseStatus;
  @ApiProperty({ type: CaseUrgency }) urgency!: CaseUrgency;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [CandidateView] }) items!: CandidateView[];
}

export { FactorView };

/** GET /cases/:id/candidates: eligible attorneys ranked in the database, explained by the pure scoring code. */
@Injectable()
export class CandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly offers: OffersService,
    private readonly clock: Clock,
  ) {}

  async forCase(user: AuthenticatedUser, caseId: string, limit: number): Promise<CandidatesView> {
    await this.cases.findVisible(user, caseId);
    const now = this.clock.now();
    const db = typeormDb(this.dataSource);
    const [facts] = await loadCaseFacts(db, [caseId], now);
    const ranked = await rankCandidatesForCase(db, facts, await this.offers.rankingContext(now), { limit });
    const offered = new Set(facts.pendingOrLapsed);
    return {
      caseId,
      caseType: facts.caseType,
      status: facts.status,
      urgency: facts.urgency,
      limit,
      items: ranked.map((c, i) => ({
        rank: i + 1,
        attorneyId: c.attorneyId,
        displayName: c.displayName,
        alreadyOffered: offered.has(c.attorneyId),
        ...explanationOf(c),
      })),
    };
  }
}
