import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import {
  CancelHearingDto,
  CreateDecisionDto,
  CreateHearingDto,
  HearingOutcomeDto,
  UpdateHearingDto,
} from './hearings.dto';
import { HearingsService } from './hearings.service';
import { DecisionView, HearingChangeView, HearingOutcomeView, HearingView } from './hearings.views';

@ApiTags('hearings')
@ApiBearerAuth()
@Controller()
export class HearingsController {
  constructor(private readonly hearings: HearingsService) {}

  @Post('cases/:id/hearings')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      "Schedule a hearing: local date + time at the hearing location (in that court's zone), or an instant",
  })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateHearingDto,
  ): Promise<HearingView> {
    return this.hearings.create(user, id, body);
  }

  @Get('cases/:id/hearings')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: "A case's hearings, earliest first" })
  listForCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<HearingView[]> {
    return this.hearings.listForCase(user, id);
  }

  @Post('cases/:id/decisions')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'Enter a decision (IJ decision, final order, in absentia order): appeal and motion deadlines follow',
  })
  createDecision(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateDecisionDto,
  ): Promise<DecisionView> {
    return this.hearings.createDecision(user, id, body);
  }

  @Get('cases/:id/decisions')
  @Roles('admin', 'coordinator', 'attorney')
  listDecisions(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DecisionView[]> {
    return this.hearings.listDecisions(user, id);
  }

  @Get('hearings/:id')
  @Roles('admin', 'coordinator', 'attorney')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<HearingView> {
    return this.hearings.get(user, id);
  }

  @Patch('hearings/:id')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Reschedule or edit: time, place or remote details bump the version; every change is kept',
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateHearingDto,
  ): Promise<HearingView> {
    return this.hearings.update(user, id, body);
  }

  @Post('hearings/:id/cancel')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Cancel (with a reason); its deadlines are superseded' })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelHearingDto,
  ): Promise<HearingView> {
    return this.hearings.cancel(user, id, body);
  }

  @Post('hearings/:id/outcome')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Record what happened: held, continued to a new hearing, or a decision entered' })
  outcome(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: HearingOutcomeDto,
  ): Promise<HearingOutcomeView> {
    return this.hearings.recordOutcome(user, id, body);
  }

  @Get('hearings/:id/history')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Every change of the hearing, oldest first, with previous and current values' })
  history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<HearingChangeView[]> {
    return this.hearings.history(user, id);
  }
}
