import { Body, Controller, Get, Head, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { isFamilyRole, type RecipientRole } from './planning';
import { parseRecipientKey } from './recipients';
import { ReminderStops } from './reminder-stops.service';
import { StopLinkClaims, StopLinks } from './stop-links';
import { CATALOGS, escapeHtml, renderStopConfirmation, resolveTemplateLanguage } from './templates';

/*
 * Stop links in reminders: no login, the signed token is the authority. Mail scanners and link previewers open
 * links (GET, HEAD), so opening one changes nothing: it shows a page in the recipient's language with a button
 * that POSTs. Only a POST stops — the page's form, or a mail client's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`). After stopping, the page offers to start again (a POST to …/restart).
 * Plain HTML: no script, no style, every value escaped; works without cookies or JavaScript.
 */

function page(lang: string, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<meta name="referrer" content="no-referrer">` +
    `<title>${escapeHtml(title)}</title>` +
    `</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

/** A form with one button; root-relative so the page works behind any host name (and CSP form-action 'self'). */
function button(action: string, label: string, fields: Record<string, string> = {}): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return (
    `<form method="post" action="${escapeHtml(action)}">${hidden}` +
    `<button type="submit">${escapeHtml(label)}</button></form>`
  );
}

const INVALID = page(
  'en',
  'This link does not work',
  '<p>This stop link is not valid. Please ask the person who helps with the case to stop the reminders.</p>' +
    '<p lang="es">Este enlace no es válido. Pida a la persona que ayuda con el caso que detenga los recordatorios.</p>',
);

type Verified = { claims: StopLinkClaims; role: RecipientRole };

@ApiTags('reminders')
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: StopLinks,
    private readonly stops: ReminderStops,
  ) {}

  /** Link previewers send HEAD: answer like GET, change nothing (declared before GET, which Express would otherwise use). */
  @Head(':token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  head(@Param('token') token: string, @Res({ passthrough: true }) res: Response): string {
    this.verify(token, res);
    return '';
  }

  @Get(':token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The page a stop link opens: asks before stopping (changes nothing), or offers to start again if stopped',
  })
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const found = this.verify(token, res);
    if (!found) return INVALID;
    return (await this.stops.isStopped(found.claims))
      ? this.stoppedPage(token, found)
      : this.confirmPage(token, found);
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "Stop reminders on this channel: the stop page's button, or a mail client's one-click POST (RFC 8058, " +
      'body List-Unsubscribe=One-Click)',
  })
  async stop(
    @Param('token') token: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const found = this.verify(token, res);
    if (!found) return INVALID;
    const oneClick =
      typeof body === 'object' &&
      body !== null &&
      (body as Record<string, unknown>)['List-Unsubscribe'] === 'One-Click';
    await this.stops.stop(found.claims, oneClick ? 'one_click' : 'link');
    return this.stoppedPage(token, found);
  }

  @Post(':token/restart')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Start reminders on this channel again (offered after stopping); re-plans them' })
  async restart(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const found = this.verify(token, res);
    if (!found) return INVALID;
    await this.stops.restart(found.claims.recipientKey, found.claims.channel, 'link');
    const catalog = CATALOGS[this.language(found.claims)];
    const lines = catalog.stopPage;
    return page(
      catalog.htmlLang,
      lines.restartedTitle,
      paragraph(found.claims.channel === 'sms' ? lines.restartedSms : lines.restartedEmail) +
        button(this.path(token), lines.stopButton),
    );
  }

  private verify(token: string, res: Response): Verified | undefined {
    const claims = this.links.verify(token);
    let role: RecipientRole | undefined;
    try {
      role = claims ? parseRecipientKey(claims.recipientKey).role : undefined;
    } catch {
      role = undefined;
    }
    if (!claims || !role) {
      res.status(404);
      return undefined;
    }
    return { claims, role };
  }

  private language(claims: StopLinkClaims) {
    return resolveTemplateLanguage(claims.language).templateLanguage;
  }

  private path(token: string): string {
    return `/unsubscribe/${encodeURIComponent(token)}`;
  }

  private confirmPage(token: string, { claims }: Verified): string {
    const catalog = CATALOGS[this.language(claims)];
    const lines = catalog.stopPage;
    return page(
      catalog.htmlLang,
      lines.confirmTitle,
      paragraph(claims.channel === 'sms' ? lines.confirmSms : lines.confirmEmail) +
        paragraph(lines.confirmNote) +
        button(this.path(token), lines.stopButton),
    );
  }

  private stoppedPage(token: string, { claims, role }: Verified): string {
    const language = this.language(claims);
    const catalog = CATALOGS[language];
    const message = renderStopConfirmation({
      language,
      audience: isFamilyRole(role) ? 'family' : 'counsel',
      channel: claims.channel,
    });
    return page(
      catalog.htmlLang,
      message.subject,
      message.html +
        paragraph(catalog.stopPage.restartOffer) +
        button(`${this.path(token)}/restart`, catalog.stopPage.restartButton),
    );
  }
}
