import { Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { isFamilyRole } from './planning';
import { parseRecipientKey } from './recipients';
import { ReminderStops } from './reminder-stops.service';
import { StopLinks } from './stop-links';
import { CATALOGS, escapeHtml, renderStopConfirmation, resolveTemplateLanguage } from './templates';

function page(lang: string, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>` +
    `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  );
}

const INVALID = page(
  'en',
  'This link does not work',
  '<p>This stop link is not valid. Please ask the person who helps with the case to stop the reminders.</p>' +
    '<p lang="es">Este enlace no es válido. Pida a la persona que ayuda con el caso que detenga los recordatorios.</p>',
);

/** Stop links in reminders: no login, the signed token is the authority. */
@ApiTags('reminders')
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: StopLinks,
    private readonly stops: ReminderStops,
  ) {}

  @Get(':token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Stop reminders on this channel (the link in every reminder); answers a small page',
  })
  stopByLink(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.handle(token, 'link', res);
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One-click stop (RFC 8058 List-Unsubscribe-Post), used by mail clients' })
  stopOneClick(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.handle(token, 'one_click', res);
  }

  private async handle(token: string, via: 'link' | 'one_click', res: Response): Promise<string> {
    const claims = this.links.verify(token);
    let role;
    try {
      role = claims ? parseRecipientKey(claims.recipientKey).role : undefined;
    } catch {
      role = undefined;
    }
    if (!claims || !role) {
      res.status(404);
      return INVALID;
    }
    await this.stops.stop(claims, via);
    const language = resolveTemplateLanguage(claims.language).templateLanguage;
    const message = renderStopConfirmation({
      language,
      audience: isFamilyRole(role) ? 'family' : 'counsel',
      channel: claims.channel,
    });
    return page(CATALOGS[language].htmlLang, message.subject, message.html);
  }
}
