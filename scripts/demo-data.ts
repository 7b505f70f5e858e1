import { readFileSync } from 'node:fs';
import { addDays, format, subYears } from 'date-fns';
import { CourtRow, readCourts } from '../src/courts/reference-data';
import { referenceDataPath } from '../src/common/project-paths';
import { distanceMiles, zipDirectory, ZipPlace } from '../src/geo';
import { BusinessCalendar } from '../src/deadlines/engine/business-calendar';
import {
  addDays as addCalendarDays,
  CalendarDate,
  formatDayNumber,
  parseCalendarDate,
} from '../src/time';

/**
 * Synthetic, realistic-looking intake data for demos and benchmarks: children spread over the states that
 * received the most released children in FY2023 (data/reference/headline-figures.json), living near those
 * states' immigration courts, with the country and language mix of recent years (Spanish plus Mayan languages);
 * attorneys near the same courts. Every name, number and address is made up; phone numbers are in the
 * fictional 555-01xx range, e-mail domains are reserved (.example / example.org). Deterministic for a seed.
 */
export type Row = Record<string, string>;

/** mulberry32: small, fast, deterministic. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

/** FY2023 releases to sponsors by state, top ten (ORR via the headline figures file). */
export function topReleaseStates(): Array<[string, number]> {
  const figures = JSON.parse(readFileSync(referenceDataPath('headline-figures.json'), 'utf8')) as {
    orrReleasesToSponsors: { topStatesFY2023: { data: Record<string, number> } };
  };
  return Object.entries(figures.orrReleasesToSponsors.topStatesFY2023.data).sort((a, b) => b[1] - a[1]);
}

/** Splits `total` over weighted keys exactly (largest remainder), so small demos keep the real proportions. */
export function apportion(
  total: number,
  weights: ReadonlyArray<readonly [string, number]>,
): Map<string, number> {
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const shares = weights.map(([k, w]) => ({ k, exact: (total * w) / sum }));
  const result = new Map(shares.map((s) => [s.k, Math.floor(s.exact)]));
  let left = total - [...result.values()].reduce((s, n) => s + n, 0);
  for (const s of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left-- <= 0) break;
    result.set(s.k, result.get(s.k)! + 1);
  }
  return result;
}

/** Courts where children's cases are heard in a state (active, not detained), with real ZIPs around each. */
export class DemoGeography {
  readonly courts: CourtRow[];
  private readonly nearby = new Map<string, ZipPlace[]>();

  constructor(states: readonly string[], radiusMiles = 30) {
    this.courts = readCourts().filter(
      (c) => states.includes(c.state) && c.status === 'active' && !c.detained,
    );
    const places = [...zipDirectory().values()].filter((p) => states.includes(p.state));
    for (const court of this.courts) {
      const point = { lat: court.latitude, lon: court.longitude };
      this.nearby.set(
        court.code,
        places.filter((p) => p.state === court.state && distanceMiles(point, p) <= radiusMiles),
      );
    }
    for (const state of states) {
      if (!this.courtsIn(state).length)
        throw new Error(`no active immigration court in ${state} to place demo data near`);
    }
  }

  courtsIn(state: string): CourtRow[] {
    return this.courts.filter((c) => c.state === state && (this.nearby.get(c.code)?.length ?? 0) > 0);
  }

  /** A real ZIP near one of the state's courts. */
  zipIn(state: string, random: Random): { court: CourtRow; place: ZipPlace } {
    const court = random.pick(this.courtsIn(state));
    return { court, place: random.pick(this.nearby.get(court.code)!) };
  }

  nearestCourt(point: { lat: number; lon: number }): CourtRow {
    let best = this.courts[0];
    let bestMiles = Infinity;
    for (const court of this.courts) {
      const miles = distanceMiles(point, { lat: court.latitude, lon: court.longitude });
      if (miles < bestMiles) [best, bestMiles] = [court, miles];
    }
    return best;
  }
}

const GIRLS = [
  'María',
  'Ana',
  'Rosa',
  'Sofía',
  'Valeria',
  'Camila',
  'Daniela',
  'Yesenia',
  'Karla',
  'Marisol',
  'Lucía',
  'Gabriela',
  'Fernanda',
  'Andrea',
  'Paola',
  'Jimena',
  'Dulce',
  'Brenda',
  'Heidy',
  'Wendy',
  'Ixchel',
  'Nayeli',
  'Itzel',
  'Glendy',
  'Yaneth',
  'Keila',
  'Angélica',
  'Magdalena',
  'Juana',
  'Catarina',
  'Micaela',
  'Petrona',
  'Manuela',
  'Candelaria',
  'Sulmy',
  'Dayana',
];
const BOYS = [
  'José',
  'Juan',
  'Carlos',
  'Luis',
  'Jorge',
  'Miguel',
  'Ángel',
  'Kevin',
  'Brayan',
  'Jefferson',
  'Anderson',
  'Josué',
  'Elmer',
  'Edwin',
  'Wilmer',
  'Byron',
  'Marvin',
  'Selvin',
  'Denis',
  'Óscar',
  'Cristian',
  'Diego',
  'Mateo',
  'Pedro',
  'Francisco',
  'Gaspar',
  'Baltazar',
  'Domingo',
  'Sebastián',
  'Nicolás',
  'Tomás',
  'Andrés',
  'Esteban',
  'Alexander',
  'Jonathan',
  'Erick',
];
const SURNAMES = [
  'García',
  'López',
  'Hernández',
  'Martínez',
  'Pérez',
  'González',
  'Rodríguez',
  'Ramírez',
  'Cruz',
  'Flores',
  'Morales',
  'Reyes',
  'Ortiz',
  'Castillo',
  'Gómez',
  'Díaz',
  'Vásquez',
  'Mejía',
  'Aguilar',
  'Méndez',
  'Chávez',
  'Juárez',
  'Santos',
  'Velásquez',
  'Orellana',
  'Alvarado',
  'Escobar',
  'Romero',
  'Rivera',
  'Maldonado',
  'Portillo',
  'Sánchez',
  'Argueta',
  'Zelaya',
  'Cáceres',
  'Bonilla',
  'Mendoza',
  'Guzmán',
];
/** Surnames common in the communities that speak each language (made-up combinations). */
const MAYAN_SURNAMES: Record<string, string[]> = {
  quc: [
    'Tzoc',
    'Ixcoy',
    'Tum',
    'Tzul',
    'Batz',
    'Chumil',
    'Cux',
    'Guarchaj',
    'Ajanel',
    'Xiloj',
    'Tzunun',
    'Quiej',
    'Sic',
  ],
  mam: ['Bámaca', 'Chun', 'Ramos', 'Tomás', 'Gabriel', 'Domingo', 'Escalante', 'Jiménez', 'Ordóñez'],
  kjb: ['Pascual', 'Francisco', 'Diego', 'Mateo', 'Andrés', 'Pedro', 'Lucas', 'Silvestre', 'Tadeo'],
  kek: ['Caal', 'Choc', 'Xol', 'Pop', 'Tiul', 'Cuz', 'Chub', 'Coc', 'Maquin', 'Bol'],
  cak: ['Sicajau', 'Cutzal', 'Xinico', 'Cumes', 'Sotz', 'Boror'],
};
const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Elm St',
  'Washington Ave',
  'Park Pl',
  'Pine St',
  'Cedar Ln',
  '2nd St',
  'Lincoln Ave',
  'Jefferson Blvd',
  'Church St',
  'Broadway',
  'Sunset Blvd',
  'Mill Rd',
  'Lakeview Dr',
  'Hillcrest Ave',
  'River Rd',
  'Magnolia St',
  'Bellaire Blvd',
  'Junction Blvd',
  'University Blvd',
  'Columbia Pike',
  'Liberty St',
];

const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['GT', 42],
  ['HN', 27],
  ['SV', 8],
  ['MX', 6],
  ['EC', 6],
  ['NI', 3],
  ['CO', 3],
  ['VE', 2],
  ['HT', 1],
  ['BR', 1],
  ['AF', 1],
];
const LANGUAGES_BY_COUNTRY: Record<string, ReadonlyArray<readonly [string, number]>> = {
  GT: [
    ['spa', 50],
    ['quc', 16],
    ['mam', 16],
    ['kjb', 6],
    ['kek', 4],
    ['cak', 3],
    ['ixl', 2],
    ['acr', 1],
    ['jac', 1],
    ['tzj', 1],
  ],
  HN: [
    ['spa', 97],
    ['cab', 3],
  ],
  MX: [
    ['spa', 88],
    ['tzo', 3],
    ['tzh', 3],
    ['miq', 3],
    ['zap', 3],
  ],
  EC: [
    ['spa', 85],
    ['que', 15],
  ],
  HT: [['hat', 1]],
  BR: [['por', 1]],
  AF: [
    ['prs', 6],
    ['pus', 4],
  ],
};
/** Languages with written reminder templates. */
const WRITTEN = new Set(['spa', 'eng', 'por', 'fra', 'hat']);

const AREA_CODES: Record<string, string[]> = {
  TX: ['713', '832', '214', '469', '210', '512', '915', '956'],
  CA: ['213', '323', '310', '818', '714', '619', '415', '916'],
  FL: ['305', '786', '954', '407'],
  NY: ['718', '347', '212', '646', '716'],
  NJ: ['201', '973', '908', '732'],
  GA: ['404', '678', '770'],
  MD: ['301', '240', '410'],
  VA: ['703', '571', '804'],
  NC: ['704', '919', '336'],
  TN: ['901', '615', '865'],
};

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

function phone(state: string, random: Random): string {
  return `(${random.pick(AREA_CODES[state] ?? ['202'])}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

function street(random: Random): string {
  return `${random.int(10, 9899)} ${random.pick(STREETS)}${random.chance(0.4) ? ` Apt ${random.int(1, 40)}` : ''}`;
}

/** Distinct 9-digit A-numbers (modern ones start with 2), deterministic for the seed. */
export class ANumbers {
  private readonly used = new Set<string>();
  constructor(private readonly random: Random) {}
  next(): string {
    for (;;) {
      const digits = `2${String(this.random.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!this.used.has(digits)) {
        this.used.add(digits);
        return digits;
      }
    }
  }
}

export interface DemoChild extends Row {
  state: string;
}

/** Child rows in the CSV import's columns (plus the `state`, for spreading them over organizations). */
export function demoChildren(count: number, options: { seed: number; today: Date }): DemoChild[] {
  const random = new Random(options.seed * 7919 + 1);
  const aNumbers = new ANumbers(new Random(options.seed * 104_729 + 7));
  const states = topReleaseStates();
  const geo = new DemoGeography(states.map(([s]) => s));
  const perState = apportion(count, states);
  const rows: DemoChild[] = [];
  for (const [state, n] of perState) {
    for (let i = 0; i < n; i++) rows.push(demoChild(state, geo, random, aNumbers, options.today));
  }
  // Interleave the states, as real intake would arrive.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

function demoChild(
  state: string,
  geo: DemoGeography,
  random: Random,
  aNumbers: ANumbers,
  today: Date,
): DemoChild {
  const country = random.weighted(COUNTRIES);
  const primary = random.weighted(LANGUAGES_BY_COUNTRY[country] ?? [['spa', 1]]);
  const indigenous = primary !== 'spa' && ['GT', 'HN', 'MX', 'EC'].includes(country);
  const girl = random.chance(0.32);
  const firstName = random.pick(girl ? GIRLS : BOYS);
  const lastName = `${random.pick(MAYAN_SURNAMES[primary] ?? SURNAMES)} ${random.pick(SURNAMES)}`;
  const age = random.weighted([
    [random.int(6, 12), 15],
    [random.int(13, 14), 20],
    [random.int(15, 17), 65],
  ] as const);
  const release = addDays(today, -random.int(3, 330));
  const birth = addDays(subYears(release, age), -random.int(1, 364));
  const { place } = geo.zipIn(state, random);
  const home = street(random);
  const hasPhone = random.chance(0.9);
  const hasEmail = random.chance(0.45);
  const childEmail = hasEmail
    ? `${ascii(firstName)}.${ascii(lastName.split(' ')[0])}${random.int(1, 999)}@example.org`
    : '';
  const category = random.weighted([
    ['1', 40],
    ['2', 45],
    ['3', 15],
  ] as const);
  const relationship =
    category === '1'
      ? random.pick(['mother', 'father', 'mother', 'legal guardian'])
      : category === '2'
        ? random.pick(['aunt', 'uncle', 'older sister', 'older brother', 'grandmother', 'cousin'])
        : random.pick(['family friend', 'distant cousin', 'godmother', 'family friend']);
  const sponsorFirst = random.pick(
    ['mother', 'aunt', 'older sister', 'grandmother', 'godmother'].includes(relationship) ? GIRLS : BOYS,
  );
  const sameHome = random.chance(0.9);
  const sponsorPlace = sameHome ? place : geo.zipIn(state, random).place;
  const sponsorEmail = random.chance(0.6)
    ? `${ascii(sponsorFirst)}.${ascii(lastName.split(' ')[0])}${random.int(1, 999)}@example.org`
    : '';
  const channels = [...(hasPhone ? ['sms'] : []), ...(childEmail ? ['email'] : [])];
  const spanish =
    primary === 'spa'
      ? 'native'
      : indigenous
        ? random.pick(['none', 'basic', 'basic', 'conversational'])
        : 'none';
  return {
    state,
    first_name: firstName,
    last_name: lastName,
    date_of_birth: format(birth, 'yyyy-MM-dd'),
    country_of_birth: country,
    a_number: `A${aNumbers.next()}`,
    primary_language: primary,
    other_languages: indigenous && random.chance(0.7) ? 'spa' : '',
    spanish_proficiency: spanish,
    release_date: format(release, 'yyyy-MM-dd'),
    designated_unaccompanied: '',
    street: home,
    zip: place.zip,
    phone: hasPhone ? phone(state, random) : '',
    email: childEmail,
    // Blank: reminders go in the primary language, or Spanish with a call for languages mostly spoken.
    reminder_language: '',
    reminder_channels: channels.join(';'),
    reminder_consent: channels.length && random.chance(0.85) ? 'yes' : 'no',
    sponsor_first_name: sponsorFirst,
    sponsor_last_name: category === '3' ? random.pick(SURNAMES) : lastName.split(' ')[0],
    sponsor_relationship_category: category,
    sponsor_relationship: relationship,
    sponsor_street: sameHome ? home : street(random),
    sponsor_zip: sponsorPlace.zip,
    sponsor_phone: phone(state, random),
    sponsor_email: sponsorEmail,
    sponsor_language: indigenous && random.chance(0.5) ? primary : WRITTEN.has(primary) ? primary : 'spa',
    sponsor_reminder_channels: sponsorEmail && random.chance(0.3) ? 'sms;email' : 'sms',
  };
}

const ATTORNEY_FIRST = [
  'Sarah',
  'Michael',
  'Jennifer',
  'David',
  'Emily',
  'Daniel',
  'Laura',
  'James',
  'Rachel',
  'Andrew',
  'Carmen',
  'Alejandro',
  'Lucía',
  'Roberto',
  'Patricia',
  'Mei',
  'Priya',
  'Samuel',
  'Olivia',
  'Nathan',
  'Gabriela',
  'Marcus',
  'Hannah',
  'Omar',
];
const ATTORNEY_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Lee',
  'Chen',
  'Patel',
  'Nguyen',
  'Cohen',
  "O'Brien",
  'Walker',
  'Flores',
  'Morales',
  'Kim',
  'Goldberg',
  'Ramos',
  'Okafor',
  'Haddad',
  'Rossi',
];
/** Bar admissions that often come together with the office state. */
const SECOND_BAR: Record<string, string[]> = {
  NY: ['NJ', 'CT'],
  NJ: ['NY', 'PA'],
  MD: ['DC', 'VA'],
  VA: ['DC', 'MD'],
  FL: ['GA'],
  GA: ['FL'],
  NC: ['SC'],
  TN: ['KY'],
  TX: ['NM'],
  CA: ['NV'],
};

export interface DemoAttorney extends Row {
  state: string;
}

/** Attorney rows in the CSV import's columns, with offices near the immigration courts of the top states. */
export function demoAttorneys(count: number, options: { seed: number }): DemoAttorney[] {
  const random = new Random(options.seed * 15_485_863 + 3);
  const states = topReleaseStates();
  const geo = new DemoGeography(
    states.map(([s]) => s),
    20,
  );
  const rows: DemoAttorney[] = [];
  let n = 0;
  for (const [state, k] of apportion(count, states)) {
    for (let i = 0; i < k; i++) {
      n++;
      const first = random.pick(ATTORNEY_FIRST);
      const last = random.pick(ATTORNEY_LAST);
      const { place } = geo.zipIn(state, random);
      const languages = ['eng:native'];
      if (random.chance(0.75))
        languages.push(
          `spa:${random.weighted([
            ['native', 15],
            ['fluent', 40],
            ['professional', 20],
            ['conversational', 25],
          ] as const)}`,
        );
      if (random.chance(0.06))
        languages.push(`${random.pick(['quc', 'mam', 'kjb'])}:${random.pick(['conversational', 'fluent'])}`);
      if (random.chance(0.05)) languages.push('por:fluent');
      if (random.chance(0.05)) languages.push('fra:professional');
      if (random.chance(0.03)) languages.push('hat:fluent');
      const areas = ['removal_defense'];
      if (random.chance(0.55)) areas.push('sijs');
      if (random.chance(0.6)) areas.push('asylum');
      if (random.chance(0.1)) areas.push('t_visa');
      if (random.chance(0.15)) areas.push('u_visa');
      const bars = [state, ...(random.chance(0.2) ? [random.pick(SECOND_BAR[state] ?? [state])] : [])];
      rows.push({
        state,
        email: `${ascii(first)}.${ascii(last)}.${options.seed}.${n}@amparo-demo.example`,
        display_name: `${first} ${last}`,
        bar_admissions: [...new Set(bars)].join(';'),
        languages: languages.join(';'),
        practice_areas: areas.join(';'),
        office_street: `${random.int(1, 999)} ${random.pick(STREETS)}, Suite ${random.int(100, 2500)}`,
        office_zip: place.zip,
        travel_radius_miles: String(random.pick([10, 25, 25, 40, 60])),
        remote_ok: random.chance(0.35) ? 'yes' : 'no',
        capacity: String(
          random.weighted([
            [1, 15],
            [2, 30],
            [3, 25],
            [4, 15],
            [5, 10],
            [8, 5],
          ] as const),
        ),
        phone: phone(state, random),
      });
    }
  }
  return rows;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text with the given header (extra keys of the rows, like `state`, are left out). */
export function toCsv(header: readonly string[], rows: readonly Row[]): string {
  return `${header.join(',')}\n${rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(',')).join('\n')}\n`;
}

/** Immigration court docket times (local): mornings for master calendars, the rest of the day for the others. */
export const DEMO_HEARING_TIMES = [
  '08:30',
  '09:00',
  '09:30',
  '10:00',
  '11:00',
  '13:00',
  '13:30',
  '14:00',
  '15:00',
];

export interface DemoHearing {
  hearingType: 'master' | 'individual' | 'status';
  /** At the court, in its zone. */
  localDate: CalendarDate;
  localTime: string;
}

/**
 * A hearing in the coming weeks for a demo case, so reminders, calls to make and the coordinator's digest have
 * something to show at once: most within a fortnight, the rest within six weeks, on a day the court sits (no
 * weekend, federal holiday or closure: `calendar`), at a docket time. `today` is the court's date.
 */
export function demoHearing(random: Random, today: CalendarDate, calendar: BusinessCalendar): DemoHearing {
  const offset = random.chance(0.6) ? random.int(1, 14) : random.int(15, 42);
  const day = calendar.onOrAfterDayNumber(parseCalendarDate(addCalendarDays(today, offset)));
  const hearingType = random.weighted([
    ['master', 6],
    ['individual', 2],
    ['status', 1],
  ] as const);
  const times = hearingType === 'master' ? DEMO_HEARING_TIMES.slice(0, 5) : DEMO_HEARING_TIMES;
  return { hearingType, localDate: formatDayNumber(day), localTime: random.pick(times) };
}
