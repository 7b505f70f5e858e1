import { ErrorDetail } from '../common/app-error';

export const IMPORT_KINDS = ['children', 'attorneys'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How a cell's text becomes a value of the DTO: a list splits on `;`, booleans and integers are parsed. */
export type CellType = 'text' | 'list' | 'boolean' | 'integer' | 'zip' | 'languages';

export interface ColumnSpec {
  /** Canonical header name (snake_case). */
  name: string;
  /** Where the value goes in the API's DTO (dotted path), e.g. `sponsor.address.zip`. */
  path: string;
  type: CellType;
  required: boolean;
  example: string;
}

const col = (name: string, path: string, type: CellType, required: boolean, example: string): ColumnSpec => ({
  name,
  path,
  type,
  required,
  example,
});

/** One child (and its sponsor) per row: the fields of `POST /children`, flattened. */
export const CHILD_COLUMNS: readonly ColumnSpec[] = [
  col('first_name', 'firstName', 'text', true, 'Ana'),
  col('last_name', 'lastName', 'text', true, 'Tzoc'),
  col('date_of_birth', 'dateOfBirth', 'text', true, '2010-04-17'),
  col('country_of_birth', 'countryOfBirth', 'text', true, 'GT'),
  col('a_number', 'aNumber', 'text', true, 'A-123-456-789'),
  col('primary_language', 'primaryLanguage', 'text', true, 'quc'),
  col('other_languages', 'otherLanguages', 'list', false, 'spa'),
  col('spanish_proficiency', 'spanishProficiency', 'text', false, 'basic'),
  col('release_date', 'releaseDate', 'text', true, '2025-09-01'),
  col('designated_unaccompanied', 'designatedUnaccompanied', 'boolean', false, 'true'),
  col('street', 'address.street', 'text', false, '41-12 Junction Blvd Apt 3'),
  col('zip', 'address.zip', 'zip', false, '11368'),
  col('phone', 'phone', 'text', false, '(718) 555-0142'),
  col('email', 'email', 'text', false, 'ana.family@example.org'),
  col('reminder_language', 'reminderLanguage', 'text', false, 'spa'),
  col('reminder_channels', 'reminderChannels', 'list', false, 'sms;email'),
  col('reminder_consent', 'reminderConsent', 'boolean', false, 'yes'),
  col('sponsor_first_name', 'sponsor.firstName', 'text', false, 'Rosa'),
  col('sponsor_last_name', 'sponsor.lastName', 'text', false, 'Tzoc'),
  col('sponsor_relationship_category', 'sponsor.relationshipCategory', 'integer', false, '2'),
  col('sponsor_relationship', 'sponsor.relationship', 'text', false, 'aunt'),
  col('sponsor_street', 'sponsor.address.street', 'text', false, '41-12 Junction Blvd Apt 3'),
  col('sponsor_zip', 'sponsor.address.zip', 'zip', false, '11368'),
  col('sponsor_phone', 'sponsor.phone', 'text', false, '718-555-0199'),
  col('sponsor_email', 'sponsor.email', 'text', false, 'rosa@example.org'),
  col('sponsor_language', 'sponsor.preferredLanguage', 'text', false, 'spa'),
  col('sponsor_reminder_channels', 'sponsor.reminderChannels', 'list', false, 'sms'),
];

/** One volunteer attorney per row: the fields of `POST /attorneys`, flattened. */
export const ATTORNEY_COLUMNS: readonly ColumnSpec[] = [
  col('email', 'email', 'text', true, 'maria.lopez@lawfirm.example'),
  col('display_name', 'displayName', 'text', true, 'María López'),
  col('bar_admissions', 'barAdmissions', 'list', false, 'NY;NJ'),
  col('languages', 'languages', 'languages', false, 'eng:native;spa:fluent;quc:conversational'),
  col('practice_areas', 'practiceAreas', 'list', false, 'removal_defense;sijs'),
  col('office_street', 'office.street', 'text', false, '1 Centre St'),
  col('office_zip', 'office.zip', 'zip', false, '10007'),
  col('travel_radius_miles', 'travelRadiusMiles', 'integer', false, '30'),
  col('remote_ok', 'remoteOk', 'boolean', false, 'no'),
  col('capacity', 'capacity', 'integer', false, '3'),
  col('phone', 'phone', 'text', false, '(212) 555-0100'),
];

export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  children: CHILD_COLUMNS,
  attorneys: ATTORNEY_COLUMNS,
};

/** A problem with the file as a whole (refused before any row is written). */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
  }
}

/** `First Name`, `first-name`, `FIRST_NAME`, `firstName` and ` first name ` all become `first_name`. */
export function normalizeHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * Maps the header cells to column specs (null for a blank header cell, whose values are ignored). Unknown,
 * repeated or missing required columns refuse the whole file: every row would fail the same way.
 */
export function resolveHeader(kind: ImportKind, cells: string[]): (ColumnSpec | null)[] {
  const specs = COLUMNS[kind];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const seen = new Set<string>();
  const repeated: string[] = [];
  const resolved = cells.map((cell) => {
    const name = normalizeHeader(cell);
    if (name === '') return null;
    const spec = byName.get(name);
    if (!spec) {
      unknown.push(cell.trim());
      return null;
    }
    if (seen.has(name)) repeated.push(name);
    seen.add(name);
    return spec;
  });
  const expected = specs.map((s) => s.name).join(', ');
  if (unknown.length) {
    throw new ImportFileError(
      'unknown_columns',
      `The header has column(s) this import does not know: ${unknown.join(', ')}. The ${kind} columns are: ${expected}.`,
      unknown.map((name) => ({ field: name, message: 'unknown column' })),
    );
  }
  if (repeated.length) {
    throw new ImportFileError(
      'repeated_columns',
      `The header names a column more than once: ${[...new Set(repeated)].join(', ')}.`,
      repeated.map((name) => ({ field: name, message: 'repeated column' })),
    );
  }
  const missing = specs.filter((s) => s.required && !seen.has(s.name)).map((s) => s.name);
  if (missing.length) {
    throw new ImportFileError(
      'missing_columns',
      `The header lacks required column(s): ${missing.join(', ')}. The first row of the file must name the columns (${expected}).`,
      missing.map((name) => ({ field: name, message: 'required column missing' })),
    );
  }
  return resolved;
}

/** A documentation line: the header and an example row, for the README and OpenAPI descriptions. */
export function exampleCsv(kind: ImportKind): string {
  const specs = COLUMNS[kind];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${specs.map((s) => s.name).join(',')}\n${specs.map((s) => quote(s.example)).join(',')}\n`;
}
