import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { CandidatesService, CandidatesView } from './candidates/candidates.service';
import { OfferPageView, OfferView } from './offers/offer-views';
import {
  CandidatesQueryDto,
  CreateOfferDto,
  DeclineOfferDto,
  OfferQueryDto,
  WithdrawOfferDto,
} from './offers/offers.dto';
import { OffersService } from './offers/offers.service';
import { CreatePlanDto, PlanOffersReportView, PlanView } from './plans/plans.dto';
import { PlansService } from './plans/plans.service';

@ApiTags('matching')
@ApiBearerAuth()
@Controller()
export class MatchingController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly offers: OffersService,
    private readonly plans: PlansService,
  ) {}

  @Get('cases/:id/candidates')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Eligible attorneys for a case, best first, each with its score and explanation' })
  @ApiOkResponse({ type: CandidatesView })
  candidatesFor(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CandidatesQueryDto,
  ): Promise<CandidatesView> {
    return this.candidates.forCase(user, id, query.limit);
  }

  @Post('cases/:id/offers')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Offer the case to a named attorney ({attorneyId}) or to the next best ({next: true})',
  })
  @ApiOkResponse({ type: OfferView })
  offer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateOfferDto,
  ): Promise<OfferView> {
    return this.offers.create(user, id, body);
  }

  @Get('offers')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary: "Offers: an attorney's own (de-identified until accepted); coordinators filter by case/status",
  })
  @ApiOkResponse({ type: OfferPageView })
  listOffers(@CurrentUser() user: AuthenticatedUser, @Query() query: OfferQueryDto): Promise<OfferPageView> {
    return this.offers.list(user, query);
  }

  @Get('offers/:id')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOkResponse({ type: OfferView })
  getOffer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OfferView> {
    return this.offers.get(user, id);
  }

  @Post('offers/:id/accept')
  @HttpCode(200)
  @Roles('attorney')
  @ApiOperation({
    summary: 'Accept: the case becomes yours (atomic; other pending offers of the case are withdrawn)',
  })
  @ApiOkResponse({ type: OfferView })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<OfferView> {
    return this.offers.accept(user, id);
  }

  @Post('offers/:id/decline')
  @HttpCode(200)
  @Roles('attorney')
  @ApiOperation({ summary: 'Decline with a reason' })
  @ApiOkResponse({ type: OfferView })
  decline(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DeclineOfferDto,
  ): Promise<OfferView> {
    return this.offers.decline(user, id, body.reason);
  }

  @Post('offers/:id/withdraw')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Withdraw a pending offer' })
  @ApiOkResponse({ type: OfferView })
  withdraw(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WithdrawOfferDto,
  ): Promise<OfferView> {
    return this.offers.withdraw(user, id, body.reason ?? null);
  }

  @Post('matching/plan')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      "Propose the best set of (case, attorney) pairs for the organization's open queue, urgent cases first",
  })
  @ApiOkResponse({ type: PlanView })
  plan(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePlanDto): Promise<PlanView> {
    return this.plans.create(user, body);
  }

  @Get('matching/plan/:id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: PlanView })
  getPlan(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<PlanView> {
    return this.plans.get(user, id);
  }

  @Post('matching/plan/:id/offers')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: "Send offers for a plan's pairs (pairs no longer possible are skipped and reported)",
  })
  @ApiOkResponse({ type: PlanOffersReportView })
  sendPlan(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PlanOffersReportView> {
    return this.plans.sendOffers(user, id);
  }
}
