import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from './request-context';

/** Opens the per-request context (request id from pino-http, actor filled in by the auth guard). */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    RequestContext.run({ requestId: String(req.id ?? '') }, next);
  }
}
