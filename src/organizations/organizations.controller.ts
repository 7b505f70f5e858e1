import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { Organization } from './organization.entity';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @Roles('admin', 'coordinator', 'attorney')
  @ApiOperation({
    summary: 'Organizations visible to you (admins: all; coordinators: their own; attorneys: theirs)',
  })
  list(@CurrentUser() user: AuthenticatedUser): Promise<Organization[]> {
    return this.organizations.list(user);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'attorney')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<Organization> {
    return this.organizations.get(user, id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a legal-service provider or pro bono program' })
  create(@Body() body: CreateOrganizationDto): Promise<Organization> {
    return this.organizations.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOrganizationDto): Promise<Organization> {
    return this.organizations.update(id, body);
  }
}
