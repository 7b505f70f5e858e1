import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { maskSecretPath } from '../common/secret-url';
import { MetricsService } from './metrics.service';

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      // The route pattern (/children/:id), not the raw URL, so ids do not explode label cardinality; a mounted
      // app's base path or a literal route can still hold a secret token, masked like in the logs.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route: maskSecretPath(`${req.baseUrl}${route}`), status: String(res.statusCode) });
    });
    next();
  }
}
