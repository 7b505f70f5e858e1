import { readFileSync } from 'node:fs';
import { referenceDataPath } from '../common/project-paths';
import { isTimeZone } from '../time';
import { COURT_STATUSES, CourtStatus } from './court.entity';

interface CourtRecord {
  code: string | null;
  name: string;
  city: string;
  state: string;
  address: string | null;
  timeZone: string;
  lat: number;
  lon: number;
  coordPrecision?: string;
  detained?: boolean;
  status: string;
  note?: string;
  source?: string;
}

interface LanguageRecord {
  code: string | null;
  name: string;
  autonym?: string | null;
  eoirCode?: string | null;
  notes?: string | null;
}

export interface CourtRow {
  code: string;
  name: string;
  city: string;
  state: string;
  /** Unknown for a few courts (e.g. AGA, YOR): null, never a guess. */
  address: string | null;
  timeZone: string;
  latitude: number;
  longitude: number;
  coordPrecision: string | null;
  detained: boolean;
  status: CourtStatus;
  note: string | null;
  source: string | null;
}

export interface LanguageRow {
  code: string;
  name: string;
  autonym: string | null;
  eoirCode: string | null;
  notes: string | null;
}

/**
 * Courts from data/reference/immigration-courts.json, checked so a bad edit fails loudly at startup. A court
 * whose EOIR base-city code is not known yet (one Atlanta location) is left out rather than given a made-up code.
 */
export function readCourts(): CourtRow[] {
  const records = JSON.parse(
    readFileSync(referenceDataPath('immigration-courts.json'), 'utf8'),
  ) as CourtRecord[];
  return records
    .filter((r): r is CourtRecord & { code: string } => typeof r.code === 'string' && r.code.length > 0)
    .map((r) => {
      if (!COURT_STATUSES.includes(r.status as CourtStatus))
        throw new Error(`court ${r.code}: unknown status ${r.status}`);
      if (!isTimeZone(r.timeZone)) throw new Error(`court ${r.code}: unknown time zone ${r.timeZone}`);
      return {
        code: r.code,
        name: r.name,
        city: r.city,
        state: r.state,
        address: r.address ?? null,
        timeZone: r.timeZone,
        latitude: r.lat,
        longitude: r.lon,
        coordPrecision: r.coordPrecision ?? null,
        detained: r.detained ?? false,
        status: r.status as CourtStatus,
        note: r.note ?? null,
        source: r.source ?? null,
      };
    });
}

/**
 * Languages from data/reference/languages.json. Entries with no ISO 639-3 code (EOIR's broad `MIX` Mixtec and
 * `NAH` Nahuatl groups) are left out: a language here is always an ISO code, never an EOIR code.
 */
export function readLanguages(): LanguageRow[] {
  const records = JSON.parse(readFileSync(referenceDataPath('languages.json'), 'utf8')) as LanguageRecord[];
  return records
    .filter(
      (r): r is LanguageRecord & { code: string } => typeof r.code === 'string' && /^[a-z]{3}$/.test(r.code),
    )
    .map((r) => ({
      code: r.code,
      name: r.name,
      autonym: r.autonym ?? null,
      eoirCode: r.eoirCode ?? null,
      notes: r.notes ?? null,
    }));
}
