import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, ErrorDetail } from './app-error';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation at the edge: unknown fields are rejected, values are converted to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return badRequest(
        'validation_failed',
        details.map((d) => `${d.field}: ${d.message}`).join('; '),
        details,
      );
    },
  });
}
