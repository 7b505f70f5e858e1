import {
  applyDecorators,
  ArgumentMetadata,
  ParseUUIDPipe as NestParseUUIDPipe,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, ValidateBy, ValidationOptions } from 'class-validator';
import { badRequest, ErrorDetail } from './app-error';
import { isCalendarDate, parseInstantOrDate } from '../time';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * How deep a request value may nest. The deepest legitimate shape is a child's sponsor's address (3 levels);
 * class-transformer and class-validator recurse once per level, so a body nested thousands of levels deep
 * would overflow the stack inside them (a 500) if it reached them.
 */
export const MAX_NESTING = 16;

/** A NUL or a lone UTF-16 surrogate: PostgreSQL text cannot hold the first, UTF-8 cannot encode the second. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first part of a request value (body, query, path parameter) that no field may hold: nesting deeper than
 * MAX_NESTING, or a string or key with a NUL or a lone surrogate. Walks with its own stack, so it cannot
 * overflow on what it is there to refuse. `root` names a bare value (a path parameter).
 */
export function findUnsafeInput(value: unknown, root = ''): ErrorDetail | null {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value, path: [], depth: 0 }];
  const name = (path: string[]) => [root, ...path].filter(Boolean).join('.') || root || 'body';
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSAFE_TEXT.test(v)) {
        return { field: name(path), message: 'must not contain a NUL character or a lone UTF-16 surrogate' };
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_NESTING) {
      // Name the field (request shapes nest two levels under a field at most), not thousands of segments.
      return { field: name(path.slice(0, 2)), message: `is nested more than ${MAX_NESTING} levels deep` };
    }
    for (const [key, child] of Object.entries(v)) {
      if (UNSAFE_TEXT.test(key)) {
        return { field: name(path), message: 'has a key with a NUL character or a lone UTF-16 surrogate' };
      }
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/**
 * DTO validation at the edge. Unknown fields are rejected; values are never converted implicitly (JSON bodies
 * are typed as sent: `"12"` is not a number, `true` is not 1). Query strings arrive as text, so query DTOs
 * convert per field (`integerText`, `booleanText`). Before any of that, every body, query and path parameter
 * is checked for values no field may hold (findUnsafeInput), so each of them is a 400 naming the field.
 */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unsafe = findUnsafeInput(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (unsafe) {
        throw badRequest('validation_failed', `${unsafe.field}: ${unsafe.message}`, [unsafe]);
      }
    }
    // The JSON parser takes any JSON value (so the refusal can name it): a DTO body must be an object.
    if (metadata.type === 'body' && isDto(metadata.metatype) && value !== undefined && !isPlainObject(value)) {
      const detail = { field: 'body', message: 'must be a JSON object' };
      throw badRequest('validation_failed', `${detail.field}: ${detail.message}`, [detail]);
    }
    if (metadata.type === 'body' && isDto(metadata.metatype)) {
      const unexpectedNull = findUnexpectedNull(value, metadata.metatype as DtoClass);
      if (unexpectedNull) {
        const detail = { field: unexpectedNull, message: 'must not be null (leave it out to keep the stored value)' };
        throw badRequest('validation_failed', `${detail.field}: ${detail.message}`, [detail]);
      }
    }
    return super.transform(value, metadata);
  }
}

type DtoClass = abstract new (...args: never[]) => unknown;
const API_PROPERTIES = 'swagger/apiModelProperties';
const API_PROPERTY_NAMES = 'swagger/apiModelPropertiesArray';

/**
 * The first field of a body set to null that its DTO does not document as nullable. class-validator's
 * @IsOptional lets null through like a missing value, so a `null` for a required field (a name, an A-number)
 * used to reach the service and the database. The OpenAPI metadata already says which fields may be null
 * (`nullable: true`: null clears them); every other null is refused here, in nested DTOs too.
 */
export function findUnexpectedNull(value: unknown, dto: DtoClass, prefix = ''): string | null {
  if (!isPlainObject(value)) return null;
  const names = (Reflect.getMetadata(API_PROPERTY_NAMES, dto.prototype as object) as string[] | undefined) ?? [];
  const declared = new Set(names.map((n) => n.replace(/^:/, '')));
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!declared.has(key)) continue; // unknown fields are the whitelist's business
    const options = (Reflect.getMetadata(API_PROPERTIES, dto.prototype as object, key) ?? {}) as {
      nullable?: boolean;
      type?: unknown;
    };
    const path = prefix ? `${prefix}.${key}` : key;
    if (field === null) {
      if (options.nullable) continue;
      return path;
    }
    const nested = Array.isArray(options.type) ? options.type[0] : options.type;
    const proto = typeof nested === 'function' ? (nested.prototype as object | undefined) : undefined;
    if (proto && Reflect.hasMetadata(API_PROPERTY_NAMES, proto)) {
      const items = Array.isArray(field) ? field.map((item, i) => [`${path}.${i}`, item] as const) : [[path, field] as const];
      for (const [itemPath, item] of items) {
        const found = findUnexpectedNull(item, nested as DtoClass, itemPath);
        if (found) return found;
      }
    }
  }
  return null;
}

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isDto = (metatype: unknown) =>
  typeof metatype === 'function' && ![Object, Array, String, Number, Boolean].includes(metatype as never);

/**
 * Nest's ParseUUIDPipe, with a refusal like every other one: `validation_failed` naming the path parameter.
 * Controllers import it from here instead of @nestjs/common.
 */
export class ParseUUIDPipe extends NestParseUUIDPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<string | undefined | null> {
    try {
      return await super.transform(value, metadata);
    } catch {
      const detail = { field: metadata.data ?? 'id', message: 'must be a UUID' };
      throw badRequest('validation_failed', `${detail.field}: ${detail.message}`, [detail]);
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
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

/** A calendar date written `YYYY-MM-DD` that exists (2027-02-30 does not). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date on the calendar written YYYY-MM-DD`,
      },
    },
    options,
  );
}

/**
 * A point in time: an ISO 8601 instant with its offset, or a calendar date (the start of that day, UTC).
 * Strings only: numbers and booleans are refused, never read as epoch milliseconds.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseInstantOrDate(value) ?? value) : value,
    ),
    IsDate({
      message: ({ property }) =>
        `${property} must be an ISO 8601 date-time with an offset (2027-03-03T09:00:00-05:00) or a date (YYYY-MM-DD)`,
      ...options,
    }),
  );
}
