import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { Court } from './court.entity';
import { CourtQueryDto } from './courts.dto';
import { CourtsService } from './courts.service';
import { Language } from './language.entity';

@ApiTags('reference data')
@ApiBearerAuth()
@Roles('admin', 'coordinator', 'attorney')
@Controller()
export class CourtsController {
  constructor(private readonly courts: CourtsService) {}

  @Get('courts')
  @ApiOperation({ summary: 'Immigration courts with their time zones (active ones unless status is given)' })
  list(@Query() query: CourtQueryDto): Promise<Court[]> {
    return this.courts.listCourts(query);
  }

  @Get('courts/:code')
  @ApiOperation({ summary: 'One court by EOIR base-city code, e.g. NYC' })
  get(@Param('code') code: string): Promise<Court> {
    return this.courts.getCourt(code);
  }

  @Get('languages')
  @ApiOperation({ summary: 'Languages by ISO 639-3 code, with EOIR interpreter codes' })
  languages(): Promise<Language[]> {
    return this.courts.listLanguages();
  }
}
