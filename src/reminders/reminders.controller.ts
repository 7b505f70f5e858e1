import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import type { ReminderPolicy } from './planning';
import type { ReplanView } from './policy-replan';
import type { EffectivePolicy } from './reminder-policy.service';
import { QueueOverview, RemindersService } from './reminders.service';
import { ReminderDetailView, ReminderQueryDto, ReminderView } from './reminders.dto';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary:
      'Reminders planned, sent, failed, skipped or cancelled (with times), e.g. for one case (?caseId=)',
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ReminderQueryDto,
  ): Promise<Page<ReminderView>> {
    return this.reminders.list(user, query);
  }

  @Get('policy')
  @Roles('admin')
  @ApiOperation({
    summary: 'The reminder policy in force (offsets per role, quiet hours) and where it comes from',
  })
  policy(): Promise<EffectivePolicy> {
    return this.reminders.policy();
  }

  @Put('policy')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replace the reminder policy (validated: at most 8 offsets per role, 60 days ahead, spaced apart). Answers ' +
      '202: re-planning every upcoming hearing and open deadline runs as a job, see GET /reminders/policy/replan',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        hearing: {
          child: [
            { kind: 'before', days: 14 },
            { kind: 'before', days: 1 },
            { kind: 'localTime', daysBefore: 0, at: '08:00' },
          ],
          sponsor: [{ kind: 'before', days: 3 }],
          attorney: [{ kind: 'before', days: 7 }],
          coordinator: [],
        },
        deadline: {
          family: { child: [{ kind: 'localTime', daysBefore: 3, at: '09:00' }] },
          counsel: { attorney: [{ kind: 'localTime', daysBefore: 10, at: '09:00' }] },
        },
        quietHours: { start: '21:00', end: '07:00' },
        minLeadMinutes: 60,
        catchUp: true,
      },
    },
  })
  savePolicy(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: Record<string, unknown>,
  ): Promise<{ policy: ReminderPolicy; source: 'saved'; replan: ReplanView }> {
    return this.reminders.savePolicy(user, body);
  }

  @Get('policy/replan')
  @Roles('admin')
  @ApiOperation({
    summary:
      'The latest re-planning after a policy change: status (queued, running, done, superseded, failed), ' +
      'processed and total hearings + deadlines, and the outcome',
  })
  replan(): Promise<ReplanView> {
    return this.reminders.replanStatus();
  }

  @Get('queue')
  @Roles('admin')
  @ApiOperation({ summary: 'Queue dashboard: jobs by state next to reminder rows by status' })
  queue(): Promise<QueueOverview> {
    return this.reminders.queueOverview();
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'One reminder with its delivery attempts' })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ReminderDetailView> {
    return this.reminders.get(user, id);
  }
}
