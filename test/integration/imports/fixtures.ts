import { ATTORNEY_COLUMNS, CHILD_COLUMNS } from '../../../src/imports/csv-columns';

export const CHILD_HEADER = CHILD_COLUMNS.map((c) => c.name);
export const ATTORNEY_HEADER = ATTORNEY_COLUMNS.map((c) => c.name);

let serial = 0;

/** A fresh, valid 9-digit A-number (unique within a test run). */
export function aNumber(): string {
  serial++;
  return String(200_000_000 + (((Date.now() % 1_000_000) * 100 + serial) % 700_000_000));
}

export type Row = Record<string, string>;

/** A valid child row; tests override what they probe. */
export function childRow(overrides: Row = {}): Row {
  return {
    first_name: 'Ana',
    last_name: 'Tzoc',
    date_of_birth: '2010-04-17',
    country_of_birth: 'GT',
    a_number: `A-${aNumber()}`,
    primary_language: 'quc',
    other_languages: 'spa',
    spanish_proficiency: 'basic',
    release_date: '2025-09-01',
    designated_unaccompanied: '',
    street: '41-12 Junction Blvd Apt 3',
    zip: '11368',
    phone: '(718) 555-0142',
    email: 'ana.family@example.org',
    reminder_language: '',
    reminder_channels: 'email;sms',
    reminder_consent: 'yes',
    sponsor_first_name: 'Rosa',
    sponsor_last_name: 'Tzoc',
    sponsor_relationship_category: '2',
    sponsor_relationship: 'aunt',
    sponsor_street: '41-12 Junction Blvd Apt 3',
    sponsor_zip: '11368',
    sponsor_phone: '718-555-0199',
    sponsor_email: 'rosa.sponsor@example.org',
    sponsor_language: 'spa',
    sponsor_reminder_channels: 'sms',
    ...overrides,
  };
}

export function attorneyRow(overrides: Row = {}): Row {
  return {
    email: `atty-${Math.random().toString(36).slice(2, 10)}@test.amparo`,
    display_name: 'María López',
    bar_admissions: 'NY;NJ',
    languages: 'eng:native;spa:fluent',
    practice_areas: 'removal_defense;sijs',
    office_street: '1 Centre St',
    office_zip: '10007',
    travel_radius_miles: '30',
    remote_ok: 'no',
    capacity: '3',
    phone: '(212) 555-0100',
    ...overrides,
  };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(rows: Row[], header: string[] = CHILD_HEADER, eol = '\n'): string {
  return (
    [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))].join(eol) + eol
  );
}
