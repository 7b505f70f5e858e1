import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import { ChildQueryDto, CreateChildDto, SponsorDto, UpdateChildDto } from './children.dto';
import { ChildrenService } from './children.service';
import { AddressHistoryView, ChildSummaryView, ChildView, SponsorView } from './children.views';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Take a child in (with the sponsor, optionally)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateChildDto): Promise<ChildView> {
    return this.children.create(user, body);
  }

  @Get()
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Children visible to you; A-numbers masked. ?aNumber= finds one by A-number.' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ChildQueryDto,
  ): Promise<Page<ChildSummaryView>> {
    return this.children.list(user, query);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'One child with contacts and sponsor (audited)' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ChildView> {
    return this.children.get(user, id);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Correct or update a child; a new address is recorded as a move' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateChildDto,
  ): Promise<ChildView> {
    return this.children.update(user, id, body);
  }

  @Get(':id/addresses')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({ summary: 'Address history, newest first' })
  addresses(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AddressHistoryView[]> {
    return this.children.addressHistory(user, id);
  }

  @Get(':id/sponsor')
  @Roles('admin', 'coordinator', 'attorney')
  sponsor(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SponsorView> {
    return this.children.getSponsor(user, id);
  }

  @Put(':id/sponsor')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Record or replace the sponsor' })
  putSponsor(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SponsorDto,
  ): Promise<SponsorView> {
    return this.children.putSponsor(user, id, body);
  }
}
