import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, Public, Roles } from '../auth/decorators';
import { CalendarService } from './calendar.service';
import { CalendarFeedView, CreatedCalendarFeedView } from './calendar.views';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('feeds')
  @ApiBearerAuth()
  @Roles('attorney', 'coordinator')
  @ApiOperation({
    summary:
      'Create (or rotate) your secret calendar URL: attorneys get their matters, coordinators their organization. ' +
      'The URL is shown only in this response.',
  })
  create(@CurrentUser() user: AuthenticatedUser): Promise<CreatedCalendarFeedView> {
    return this.calendar.create(user);
  }

  @Get('feeds')
  @ApiBearerAuth()
  @Roles('attorney', 'coordinator')
  @ApiOperation({ summary: 'Your calendar feeds (active and revoked), without their secret URLs' })
  list(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedView[]> {
    return this.calendar.list(user);
  }

  @Delete('feeds/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @Roles('attorney', 'coordinator')
  @ApiOperation({ summary: 'Revoke a calendar URL: it stops working at once' })
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.calendar.revoke(user, id);
  }

  @Get(':token.ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The iCalendar feed behind a secret URL (no login: the token is the key)' })
  async feed(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.calendar.render(token);
    // Set only on success: an error stays JSON.
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex');
    return body;
  }
}
