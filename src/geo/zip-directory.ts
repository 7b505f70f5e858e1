import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { GeoPoint } from './distance';

/**
 * One US ZIP code, resolved offline from data/reference/us-zip-codes.csv.gz (sources and licences in
 * us-zip-codes.sources.md beside it; regenerate with scripts/build-zip-data.ts).
 */
export interface ZipPlace extends GeoPoint {
  /** Five digits, leading zeros kept ('00901'). */
  readonly zip: string;
  /** USPS place name (GeoNames spelling), e.g. "Coeur d'Alene". */
  readonly city: string;
  /** USPS two-letter code: 50 states, DC, PR, VI, GU, MP, AS. */
  readonly state: string;
  /** County (or equivalent) name without "County"/"Parish"; independent cities end in "city". */
  readonly county: string;
  /** Five-digit county FIPS code (state + county), e.g. '36061'. */
  readonly countyFips: string;
  /** IANA zone at the ZIP's main place, e.g. 'America/Phoenix', 'America/Indiana/Indianapolis'. */
  readonly timeZone: string;
}

const DATA_FILE = 'data/reference/us-zip-codes.csv.gz';
const HEADER = 'zip,city,state,county,county_fips,lat,lon,time_zone';
const ZIP_INPUT = /^(\d{5})(?:-?\d{4})?$/;

let directory: ReadonlyMap<string, ZipPlace> | undefined;

/**
 * '12345', '12345-6789' and '123456789' give '12345'; surrounding spaces are ignored. Anything else —
 * including 4-digit ZIPs whose leading zero a spreadsheet dropped — gives undefined: guessing the zero
 * back belongs to the importer that knows its input, not here.
 */
export function normalizeZip(input: string): string | undefined {
  if (typeof input !== 'string') return undefined; // callers from untyped JSON
  return ZIP_INPUT.exec(input.trim())?.[1];
}

/** The place for a ZIP (ZIP+4 accepted), or undefined for malformed input, military or unknown ZIPs. */
export function lookupZip(zip: string): ZipPlace | undefined {
  const normalized = normalizeZip(zip);
  return normalized === undefined ? undefined : zipDirectory().get(normalized);
}

/** Every ZIP, keyed by its five digits. Loads the data file on first use (call at startup to preload). */
export function zipDirectory(): ReadonlyMap<string, ZipPlace> {
  directory ??= parseZipCsv(gunzipSync(readFileSync(findDataFile())).toString('utf8'));
  return directory;
}

/**
 * Parses the data file's CSV. The build script guarantees that no field holds a comma, quote or newline,
 * which lets a plain split do here what a CSV library would do ten times slower.
 */
export function parseZipCsv(text: string): Map<string, ZipPlace> {
  const lines = text.split('\n');
  if (lines[0] !== HEADER) throw new Error(`${DATA_FILE}: unexpected header "${lines[0]}"`);
  const places = new Map<string, ZipPlace>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const f = line.split(',');
    const lat = Number(f[5]);
    const lon = Number(f[6]);
    if (f.length !== 8 || !/^\d{5}$/.test(f[0]) || !Number.isFinite(lat) || !Number.isFinite(lon) || !f[7]) {
      throw new Error(`${DATA_FILE}: malformed line ${i + 1}: ${line}`);
    }
    // Frozen because every caller shares these objects.
    places.set(
      f[0],
      Object.freeze({
        zip: f[0],
        city: f[1],
        state: f[2],
        county: f[3],
        countyFips: f[4],
        lat,
        lon,
        timeZone: f[7],
      }),
    );
  }
  return places;
}

/** The file sits at the repo root's data/reference whether this runs from src/ (ts) or dist/src/ (js). */
function findDataFile(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, DATA_FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${DATA_FILE} not found above ${__dirname}`);
}
