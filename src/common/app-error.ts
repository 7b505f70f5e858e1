import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/**
 * An error a client can act on: an HTTP status, a stable machine-readable `code` (snake_case, never
 * reworded once published) and a sentence for a person.
 */
export class AppError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super({ code, message, details }, status);
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(HttpStatus.BAD_REQUEST, code, message, details);
export const notFound = (code: string, message: string) => new AppError(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(HttpStatus.CONFLICT, code, message, details);
export const forbidden = (code: string, message: string) => new AppError(HttpStatus.FORBIDDEN, code, message);
export const unprocessable = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
