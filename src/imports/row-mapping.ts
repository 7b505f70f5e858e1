import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AttorneyRecord } from '../attorneys/attorney-bulk-writer';
import { checkAttorneyIntake } from '../attorneys/attorney-intake';
import { CreateAttorneyDto } from '../attorneys/attorneys.dto';
import { ChildRecord, SponsorRecord } from '../children/child-bulk-writer';
import { checkChildIntake, checkSponsorIntake, IntakeContext } from '../children/child-intake';
import { CreateChildDto } from '../children/children.dto';
import { ErrorDetail } from '../common/app-error';
import { ATTORNEY_COLUMNS, CHILD_COLUMNS, ColumnSpec } from './csv-columns';

/**
 * Pure mapping of one CSV row to the API's DTO, then the API's own checks: the DTO's class-validator rules
 * (with the options of the global ValidationPipe) and the intake rules (`checkChildIntake`, `checkSponsorIntake`,
 * `checkAttorneyIntake`). A row is accepted or refused for exactly the reasons `POST /children` or
 * `POST /attorneys` would accept or refuse it; errors name the CSV column.
 */
export interface RowError {
  row: number;
  field: string | null;
  message: string;
}

/** The options of `createValidationPipe()` (src/common/validation.ts). */
const TRANSFORM_OPTIONS = { enableImplicitConversion: false } as const;
const VALIDATE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

const TRUE = new Set(['true', 'yes', 'y', '1', 'si', 'sí', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** Cells as the spreadsheet wrote them → a plain object in the DTO's shape. Blank cells are left out. */
export function cellsToPlain(
  columns: readonly (ColumnSpec | null)[],
  cells: readonly string[],
): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  columns.forEach((spec, i) => {
    const raw = (cells[i] ?? '').trim();
    if (!spec || raw === '') return;
    setPath(plain, spec.path, convertCell(spec, raw));
  });
  return plain;
}

export function convertCell(spec: ColumnSpec, raw: string): unknown {
  switch (spec.type) {
    case 'text':
      return raw;
    case 'list':
      return splitList(raw);
    case 'boolean': {
      const v = raw.toLowerCase();
      return TRUE.has(v) ? true : FALSE.has(v) ? false : raw; // anything else fails @IsBoolean with its message
    }
    case 'integer':
      return /^[+-]?\d+$/.test(raw) ? Number(raw) : raw; // "3.5" or "three" fail @IsInt
    case 'zip':
      // Spreadsheets drop the leading zero of New England and New Jersey ZIPs (07102 → 7102): put it back.
      return /^\d{4}(-?\d{4})?$/.test(raw) ? `0${raw}` : raw;
    case 'languages':
      // "spa:fluent;quc:native" → [{ code: 'spa', proficiency: 'fluent' }, ...]
      return splitList(raw).map((item) => {
        const [code, proficiency] = item.split(/\s*[:=]\s*/);
        return { code, ...(proficiency ? { proficiency: proficiency.toLowerCase() } : {}) };
      });
  }
}

function splitList(raw: string): string[] {
  return raw
    .split(/[;,|]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validates a plain object against a DTO class exactly as the global ValidationPipe does. */
export function validateDto<T extends object>(
  type: ClassConstructor<T>,
  plain: Record<string, unknown>,
): { dto: T; errors: ErrorDetail[] } {
  const dto = plainToInstance(type, plain, TRANSFORM_OPTIONS);
  return { dto, errors: flatten(validateSync(dto, VALIDATE_OPTIONS)) };
}

/**
 * A DTO path (`sponsor.address.zip`, `otherLanguages.2`, `languages.1.proficiency`) → the CSV column it came
 * from, and the message reworded to name the column.
 */
export function toRowError(row: number, columns: readonly ColumnSpec[], detail: ErrorDetail): RowError {
  const path = detail.field ?? '';
  const segments = path.split('.');
  let spec: ColumnSpec | undefined;
  let matched = 0;
  for (let n = segments.length; n > 0 && !spec; n--) {
    const prefix = segments
      .slice(0, n)
      .filter((s) => !/^\d+$/.test(s))
      .join('.');
    spec = columns.find((c) => c.path === prefix);
    matched = n;
  }
  // An error on a whole nested object (e.g. `office`) belongs to its ZIP column, which decides it.
  spec ??=
    columns.find((c) => c.path.startsWith(`${path}.`) && c.type === 'zip') ??
    columns.find((c) => c.path.startsWith(`${path}.`));
  if (!spec) return { row, field: path || null, message: detail.message };
  const rest = segments.slice(matched);
  const index = segments.find((s) => /^\d+$/.test(s));
  let message = detail.message;
  if (rest.length === 0 && index === undefined) {
    const property = spec.path.split('.').pop()!;
    // class-validator starts its messages with the property ("zip must be ...", "each value in zip ...").
    message = message.replace(new RegExp(`^(each value in )?${property}\\b`), `$1${spec.name}`);
  } else if (index !== undefined) {
    message = `item ${Number(index) + 1}: ${message}`;
  }
  return { row, field: spec.name, message };
}

/** Keeps DTO errors, and adds rule errors only for fields the DTO found nothing wrong with. */
function merge(
  row: number,
  all: readonly ColumnSpec[],
  columns: readonly (ColumnSpec | null)[],
  cells: readonly string[],
  shape: ErrorDetail[],
  rules: ErrorDetail[],
): RowError[] {
  const specs = columns.filter((c): c is ColumnSpec => c !== null);
  const blank = new Set(specs.map((s) => s.name));
  columns.forEach((spec, i) => {
    if (spec && (cells[i] ?? '').trim() !== '') blank.delete(spec.name);
  });
  const errors: RowError[] = [];
  const taken = new Set<string | null>();
  for (const e of shape.map((d) => toRowError(row, all, d))) {
    // A blank cell the DTO insists on is simply missing: one clear message instead of "must be a string".
    if (e.field !== null && blank.has(e.field)) {
      if (!taken.has(e.field))
        errors.push({ row, field: e.field, message: `${e.field} is required (the cell is blank)` });
    } else errors.push(e);
    taken.add(e.field);
  }
  for (const e of rules.map((r) => toRowError(row, all, r))) if (!taken.has(e.field)) errors.push(e);
  // Reports are kept (imports.errors) and shown again later: they must not carry an A-number, phone, e-mail or
  // street in clear, even a mistyped one. The row and column say where to look.
  columns.forEach((spec, i) => {
    const value = (cells[i] ?? '').trim();
    if (!spec || !SENSITIVE.has(spec.name) || value === '') return;
    for (const e of errors)
      if (e.message.includes(value)) e.message = e.message.split(value).join('this value');
  });
  return errors;
}

/** Columns whose values are encrypted at rest, and so never repeated in a report. */
const SENSITIVE = new Set([
  'a_number',
  'phone',
  'email',
  'street',
  'sponsor_phone',
  'sponsor_email',
  'sponsor_street',
  'office_street',
]);

/** A valid child row: what the children domain's bulk writer takes (blank optional cells are undefined). */
export type PreparedChild = ChildRecord;
export type PreparedSponsor = SponsorRecord;

const dedupe = <T>(values: T[]): T[] => [...new Set(values)];

export function prepareChildRow(
  row: number,
  columns: readonly (ColumnSpec | null)[],
  cells: readonly string[],
  context: IntakeContext,
): { prepared?: PreparedChild; errors: RowError[] } {
  const { dto, errors: shape } = validateDto(CreateChildDto, cellsToPlain(columns, cells));
  const child = checkChildIntake(dto, context);
  const sponsor = dto.sponsor ? checkSponsorIntake(dto.sponsor, context) : undefined;
  const errors = merge(row, CHILD_COLUMNS, columns, cells, shape, [
    ...child.errors,
    ...(sponsor?.errors ?? []),
  ]);
  if (errors.length) return { errors };
  const s = dto.sponsor;
  return {
    errors,
    prepared: {
      row,
      aNumber: child.checked.aNumber!,
      firstName: dto.firstName,
      lastName: dto.lastName,
      dateOfBirth: dto.dateOfBirth,
      countryOfBirth: dto.countryOfBirth,
      primaryLanguage: dto.primaryLanguage,
      otherLanguages:
        dto.otherLanguages && dedupe(dto.otherLanguages).filter((l) => l !== dto.primaryLanguage),
      spanishProficiency: dto.spanishProficiency,
      releaseDate: dto.releaseDate,
      designatedUnaccompanied: dto.designatedUnaccompanied,
      address: child.checked.address,
      phone: child.checked.phone ?? undefined,
      email: dto.email,
      reminderLanguage: dto.reminderLanguage,
      reminderChannels: dto.reminderChannels && dedupe(dto.reminderChannels),
      reminderConsent: dto.reminderConsent,
      sponsor: s && {
        firstName: s.firstName,
        lastName: s.lastName,
        relationshipCategory: s.relationshipCategory,
        relationship: s.relationship,
        address: sponsor?.checked.address,
        phone: sponsor?.checked.phone ?? undefined,
        email: s.email,
        preferredLanguage: s.preferredLanguage,
        reminderChannels: s.reminderChannels && dedupe(s.reminderChannels),
      },
    },
  };
}

/** A valid attorney row: what the attorneys domain's bulk writer takes (blank optional cells are undefined). */
export type PreparedAttorney = AttorneyRecord;

export function prepareAttorneyRow(
  row: number,
  columns: readonly (ColumnSpec | null)[],
  cells: readonly string[],
  context: { knownLanguages: ReadonlySet<string> },
): { prepared?: PreparedAttorney; errors: RowError[] } {
  const { dto, errors: shape } = validateDto(CreateAttorneyDto, cellsToPlain(columns, cells));
  const { checked, errors: rules } = checkAttorneyIntake(dto, context, true);
  const errors = merge(row, ATTORNEY_COLUMNS, columns, cells, shape, rules);
  if (errors.length) return { errors };
  return {
    errors,
    prepared: {
      row,
      email: dto.email,
      displayName: dto.displayName,
      barAdmissions: dto.barAdmissions && dedupe(dto.barAdmissions),
      languages: checked.languages,
      languageCodes: checked.languageCodes,
      practiceAreas: dto.practiceAreas && dedupe(dto.practiceAreas),
      office: checked.office,
      travelRadiusMiles: dto.travelRadiusMiles,
      remoteOk: dto.remoteOk,
      capacity: dto.capacity,
      phone: checked.phone ?? undefined,
    },
  };
}
