import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseSnapshot, ChildSnapshot } from '../../../src/deadlines/engine';

export const REFERENCE_DATA_DIR = join(__dirname, '..', '..', '..', 'data', 'reference');

export function readReferenceJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(REFERENCE_DATA_DIR, file), 'utf8')) as T;
}

export function readReferenceText(file: string): string {
  return readFileSync(join(REFERENCE_DATA_DIR, file), 'utf8');
}

interface CourtRow {
  code: string | null;
  timeZone: string;
  state: string;
}

/** Every distinct IANA zone of the immigration courts (Guam, Saipan, Honolulu, Phoenix, Puerto Rico …). */
export function courtZones(): string[] {
  const courts = readReferenceJson<CourtRow[]>('immigration-courts.json');
  return [...new Set(courts.map((court) => court.timeZone))].sort();
}

const DEFAULT_CHILD: ChildSnapshot = {
  dateOfBirth: '2010-06-15',
  state: 'CA',
  designatedUnaccompanied: true,
};

/** A case with nothing in it; tests add the one trigger they are about. */
export function snapshot(
  overrides: Omit<Partial<CaseSnapshot>, 'child'> & { child?: Partial<ChildSnapshot> } = {},
): CaseSnapshot {
  const { child, ...rest } = overrides;
  return {
    caseId: 'case-1',
    caseType: 'other',
    asOf: new Date('2025-01-01T12:00:00Z'),
    courtZone: 'America/New_York',
    ...rest,
    child: { ...DEFAULT_CHILD, ...child },
  };
}
