import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import {
  AttorneyQueryDto,
  AttorneySelfUpdateDto,
  CreateAttorneyDto,
  UpdateAttorneyDto,
} from './attorneys.dto';
import { AttorneysService } from './attorneys.service';
import { AttorneyView } from './attorneys.views';

@ApiTags('attorneys')
@ApiBearerAuth()
@Controller('attorneys')
export class AttorneysController {
  constructor(private readonly attorneys: AttorneysService) {}

  @Get('me')
  @Roles('attorney')
  @ApiOperation({ summary: 'Your own attorney profile' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<AttorneyView> {
    return this.attorneys.getSelf(user);
  }

  @Patch('me')
  @Roles('attorney')
  @ApiOperation({ summary: 'Set your availability (pause), languages, capacity, travel radius and office' })
  updateMe(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: AttorneySelfUpdateDto,
  ): Promise<AttorneyView> {
    return this.attorneys.updateSelf(user, body);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Add a volunteer attorney (creates their login)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateAttorneyDto): Promise<AttorneyView> {
    return this.attorneys.create(user, body);
  }

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Attorneys (coordinators: those volunteering with their organization)' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: AttorneyQueryDto,
  ): Promise<Page<AttorneyView>> {
    return this.attorneys.list(user, query);
  }

  @Get(':id')
  @Roles('admin', 'coordinator')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<AttorneyView> {
    return this.attorneys.get(user, id);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAttorneyDto,
  ): Promise<AttorneyView> {
    return this.attorneys.update(user, id, body);
  }
}
