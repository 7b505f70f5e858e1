import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import { CaseQueryDto, CreateCaseDto, TransitionCaseDto, UpdateCaseDto } from './cases.dto';
import { CasesService } from './cases.service';
import { CaseView } from './cases.views';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Open a legal matter for a child (starts in intake)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCaseDto): Promise<CaseView> {
    return this.cases.create(user, body);
  }

  @Get()
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Cases visible to you (attorneys: their matters)' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: CaseQueryDto): Promise<Page<CaseView>> {
    return this.cases.list(user, query);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'attorney')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<CaseView> {
    return this.cases.get(user, id);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Change type, court, notes or the handoff record' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCaseDto,
  ): Promise<CaseView> {
    return this.cases.update(user, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Move the case along: intake → seeking_counsel, close (with reason), reopen, release counsel',
  })
  transition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionCaseDto,
  ): Promise<CaseView> {
    return this.cases.transition(user, id, body);
  }
}
