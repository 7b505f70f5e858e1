import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { Page } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit events, newest first (admins)' })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEvent>> {
    const { items, total } = await this.audit.find(query);
    return { items, total, limit: query.limit, offset: query.offset };
  }
}
