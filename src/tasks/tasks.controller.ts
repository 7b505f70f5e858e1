import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import { TaskQueryDto, TaskView, UpdateTaskDto } from './tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Tasks for coordinators: families to call, families who stopped reminders or cannot be reached',
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: TaskQueryDto): Promise<Page<TaskView>> {
    return this.tasks.list(user, query);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Mark a task done (with a note), or reopen it' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.update(user, id, body);
  }
}
