import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { QUEUE } from '../queue-names';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'amparo_queue_dashboard';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * The queue dashboard (Bull Board) for admins at /admin/queues, on either queue backend: every queue, its jobs by
 * state, retries, failures. A browser cannot send a bearer header, so opening /admin/queues?token=<access token>
 * once moves the token into an HttpOnly, SameSite=Strict cookie scoped to the dashboard (and out of the address
 * bar). Removing or promoting a reminder job is harmless: the row decides (a job that runs early waits, and the
 * reconciler re-adds a missing one).
 */
@Injectable()
export class QueueDashboard {
  constructor(
    private readonly modules: ModuleRef,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mounts the dashboard on the HTTP server (API processes only). */
  mount(app: { use(path: string, ...handlers: unknown[]): unknown }): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // The queues the domain modules registered (their connections, closed with them).
    const queues = Object.values(QUEUE).map((name) =>
      this.modules.get<Queue>(getQueueToken(name), { strict: false }),
    );
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Amparo queues' } },
    });
    app.use(
      QUEUE_DASHBOARD_PATH,
      (req: Request, res: Response, next: NextFunction) => void this.authorize(req, res, next).catch(next),
      serverAdapter.getRouter(),
    );
  }

  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = fromQuery ?? bearer ?? cookieValue(req.headers.cookie, COOKIE);
    const user = token ? await this.auth.authenticate(token) : undefined;
    if (!user) return this.refuse(res, 401, 'Log in as an admin first.');
    if (user.role !== 'admin')
      return this.refuse(res, 403, `Your role (${user.role}) may not see the queues.`);
    if (fromQuery) {
      const secure = this.config.http.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${encodeURIComponent(fromQuery)}; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict; ` +
          `Max-Age=${this.config.auth.jwtTtlSeconds}${secure}`,
      );
      res.redirect(303, `${QUEUE_DASHBOARD_PATH}${req.path === '/' ? '' : req.path}`);
      return;
    }
    next();
  }

  private refuse(res: Response, status: number, reason: string): void {
    const how =
      'Get an access token from POST /auth/login (or the API page at /docs), then open ' +
      `${QUEUE_DASHBOARD_PATH}?token=&lt;access token&gt;.`;
    res
      .status(status)
      .type('html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Amparo queues</title>` +
          `<h1>Amparo queues</h1><p>${escapeHtml(reason)}</p><p>${how}</p>`,
      );
  }
}
