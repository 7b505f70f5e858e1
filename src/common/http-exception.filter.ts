import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ErrorDetail } from './app-error';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { RequestContext } from './request-context';
import { maskSecretPath } from './secret-url';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  requestId?: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** `first_name` -> `firstName`, `phone_enc` -> `phone`: a column as the API names its field. */
function fieldOfColumn(column: string | undefined): string | undefined {
  if (!column) return undefined;
  return column.replace(/_(enc|hash|id_hash)$/, '').replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Every error leaves as `{ statusCode, code, message, details?, requestId }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toBody(exception);
    body.requestId = RequestContext.current()?.requestId ?? (request.id as string | undefined);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: maskSecretPath(request.url) }, 'request failed');
    }
    if (response.headersSent) return;
    // Unavailable is temporary: tell clients (and proxies) when to come back, as /health/ready does.
    if (body.statusCode === 503 && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ThrottlerException) {
      return {
        statusCode: 429,
        code: 'rate_limited',
        message: 'Too many attempts. Wait a minute and try again.',
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && 'code' in raw && typeof raw.code === 'string') {
        const r = raw as { code: string; message: string; details?: ErrorDetail[] };
        return { statusCode, code: r.code, message: r.message, ...(r.details ? { details: r.details } : {}) };
      }
      const message =
        typeof raw === 'string'
          ? raw
          : Array.isArray((raw as { message?: unknown }).message)
            ? ((raw as { message: string[] }).message.join('; ') ?? exception.message)
            : String((raw as { message?: unknown }).message ?? exception.message);
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'error', message };
    }
    if (isDatabaseUnavailable(exception)) {
      // The database is down, restarting or full (QueryFailedError or a pg pool error): a moment, not a bug.
      return {
        statusCode: 503,
        code: 'unavailable',
        message: 'The service is briefly unavailable. Try again in a few seconds.',
      };
    }
    if (exception instanceof QueryFailedError) {
      // The database constraint is the last line of defence; translate what it caught into a 4xx.
      const pg = exception.driverError as { code?: string; constraint?: string; detail?: string; column?: string };
      if (pg.code === '23502') {
        // A required value arrived empty: name the field (the column in the API's words), never the value.
        const field = fieldOfColumn(pg.column);
        return {
          statusCode: 400,
          code: 'constraint_violated',
          message: field ? `${field}: a value is required.` : 'The request breaks a data rule.',
          details: field ? [{ field, message: 'is required' }] : undefined,
        };
      }
      if (pg.code === '23505') {
        return {
          statusCode: 409,
          code: 'already_exists',
          message: 'A record with the same unique value already exists.',
          details: pg.constraint ? [{ message: pg.constraint, constraint: pg.constraint }] : undefined,
        };
      }
      if (
        pg.code === '23514' ||
        pg.code === '22P02' ||
        pg.code === '22007' ||
        pg.code === '22008'
      ) {
        return {
          statusCode: 400,
          code: 'constraint_violated',
          message: 'The request breaks a data rule.',
          details: pg.constraint ? [{ message: pg.constraint, constraint: pg.constraint }] : undefined,
        };
      }
      if (pg.code === '23503') {
        return {
          statusCode: 409,
          code: 'reference_conflict',
          message: 'The request refers to a record that does not exist or is still in use.',
        };
      }
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal_error',
      message: 'Something went wrong on our side. The request id identifies it in the logs.',
    };
  }
}
