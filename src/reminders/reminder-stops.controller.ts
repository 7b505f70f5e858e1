import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import type { PlanOutcome } from './reminder-planner.service';
import { ReminderStops, ReminderStopView } from './reminder-stops.service';

/** Coordinators see which family members stopped reminders, and can turn a channel back on (audited). */
@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class ReminderStopsController {
  constructor(private readonly stops: ReminderStops) {}

  @Get('children/:id/reminder-stops')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Channels the child or their sponsor stopped through a reminder's stop link" })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) childId: string,
  ): Promise<ReminderStopView[]> {
    return this.stops.listForChild(user, childId);
  }

  @Delete('reminder-stops/:id')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'Turn a stopped channel back on (e.g. the family asked by phone); re-plans their upcoming reminders. Audited.',
  })
  restart(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<{ stop: ReminderStopView; replanned: PlanOutcome }> {
    return this.stops.restartById(user, id);
  }
}
