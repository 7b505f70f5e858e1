import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import { CourtCalendarService } from './court-calendar.service';
import {
  CaseDeadlinesQueryDto,
  CreateClosureDto,
  CreateManualDeadlineDto,
  DeadlineQueryDto,
  DeadlineSettingsDto,
  UpdateDeadlineDto,
} from './deadlines.dto';
import { DeadlinesService } from './deadlines.service';
import {
  CaseDeadlinesView,
  CourtClosureView,
  DeadlineSettingsView,
  DeadlineView,
  NextEventsView,
} from './deadlines.views';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Get('cases/:id/deadlines')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary:
      "A case's deadlines (due dates at the court) and the engine's notices (exemptions, missing facts)",
  })
  listForCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CaseDeadlinesQueryDto,
  ): Promise<CaseDeadlinesView> {
    return this.deadlines.listForCase(user, id, query.includeSuperseded ?? false);
  }

  @Post('cases/:id/deadlines')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary: 'Add a deadline by hand (e.g. set by the judge), optionally replacing a computed one',
  })
  createManual(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateManualDeadlineDto,
  ): Promise<DeadlineView> {
    return this.deadlines.createManual(user, id, body);
  }

  @Get('cases/:id/next-events')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary: 'The next scheduled hearing and the nearest open deadline (what urgency is made of)',
  })
  nextEvents(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<NextEventsView> {
    return this.deadlines.nextEvents(user, id);
  }

  @Get('deadlines')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Deadlines across your cases (default: open and missed), soonest first' })
  search(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: DeadlineQueryDto,
  ): Promise<Page<DeadlineView>> {
    return this.deadlines.search(user, query);
  }

  @Get('deadlines/:id')
  @Roles('admin', 'coordinator', 'attorney')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeadlineView> {
    return this.deadlines.get(user, id);
  }

  @Patch('deadlines/:id')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary: 'Mark met or waived (with a note), reopen; manual deadlines can also change date, title, actor',
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDeadlineDto,
  ): Promise<DeadlineView> {
    return this.deadlines.update(user, id, body);
  }
}

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('courts/:code')
export class CourtCalendarController {
  constructor(private readonly calendar: CourtCalendarService) {}

  @Get('closures')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Days the court is closed (not business days for its deadlines)' })
  closures(@Param('code') code: string): Promise<CourtClosureView[]> {
    return this.calendar.listClosures(code);
  }

  @Post('closures')
  @Roles('admin')
  @ApiOperation({ summary: "Record a closure day; the court's cases get their deadlines recomputed" })
  addClosure(
    @CurrentUser() user: AuthenticatedUser,
    @Param('code') code: string,
    @Body() body: CreateClosureDto,
  ): Promise<CourtClosureView> {
    return this.calendar.addClosure(user, code, body);
  }

  @Delete('closures/:date')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a closure day recorded by mistake' })
  removeClosure(@Param('code') code: string, @Param('date') date: string): Promise<void> {
    return this.calendar.removeClosure(code, date);
  }

  @Get('deadline-settings')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Filing days before master and individual hearings at this court (default 15)' })
  settings(@Param('code') code: string): Promise<DeadlineSettingsView> {
    return this.calendar.getSettings(code);
  }

  @Put('deadline-settings')
  @Roles('admin')
  @ApiOperation({
    summary: "Set the court's filing days (15 or 30); its cases get their deadlines recomputed",
  })
  putSettings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('code') code: string,
    @Body() body: DeadlineSettingsDto,
  ): Promise<DeadlineSettingsView> {
    return this.calendar.putSettings(user, code, body);
  }
}
