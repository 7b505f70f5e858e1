import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AttorneysModule } from '../attorneys/attorneys.module';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE } from '../queue/queue-names';
import { CandidatesService } from './candidates/candidates.service';
import { MatchingController } from './matching.controller';
import { MATCHING_SETTINGS, matchingSettings } from './matching-settings';
import { OfferJobs } from './offers/offer-jobs';
import { OfferNotifications } from './offers/offer-notifications';
import { OfferReads } from './offers/offer-reads';
import { OfferSweep } from './offers/offer-sweep';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { OffersProcessor } from './offers/offers.processor';
import { OfferTransitions } from './offers/offer-transition';
import { OffersService } from './offers/offers.service';
import { RankingContexts } from './offers/ranking-context';
import { OfferSender } from './offers/send-offer';
import { PlansService } from './plans/plans.service';

/** Candidates, offers and assignment plans, in every role. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUE.offers }), AuditModule, CasesModule, AttorneysModule],
  controllers: [MatchingController],
  providers: [
    {
      provide: MATCHING_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => matchingSettings(config.matching),
    },
    CandidatesService,
    OfferJobs,
    RankingContexts,
    OfferReads,
    OfferTransitions,
    OfferSender,
    OfferNotifications,
    OffersService,
    PlansService,
  ],
  exports: [OffersService, CandidatesService, PlansService, MATCHING_SETTINGS],
})
export class MatchingModule {}

/** Worker role only: offer expiry and e-mail jobs, and the sweep behind them. */
@Module({
  imports: [MatchingModule, SchedulingModule],
  providers: [OffersProcessor, OfferSweep],
  exports: [OfferSweep],
})
export class MatchingWorkerModule {}
