import {
  distanceMiles,
  lookupZip,
  normalizeZip,
  parseZipCsv,
  zipDirectory,
  type ZipPlace,
} from '../../../src/geo';

interface Known {
  zip: string;
  city: string;
  state: string;
  county: string;
  countyFips: string;
  timeZone: string;
  /** A point in the town (a map's city centre), which the ZIP's point must be near. */
  near: [number, number];
}

// prettier-ignore
const KNOWN: Known[] = [
  { zip: '10001', city: 'New York', state: 'NY', county: 'New York', countyFips: '36061', timeZone: 'America/New_York', near: [40.7506, -73.9972] },
  { zip: '90012', city: 'Los Angeles', state: 'CA', county: 'Los Angeles', countyFips: '06037', timeZone: 'America/Los_Angeles', near: [34.0537, -118.2428] },
  { zip: '85001', city: 'Phoenix', state: 'AZ', county: 'Maricopa', countyFips: '04013', timeZone: 'America/Phoenix', near: [33.4484, -112.074] },
  { zip: '96813', city: 'Honolulu', state: 'HI', county: 'Honolulu', countyFips: '15003', timeZone: 'Pacific/Honolulu', near: [21.3069, -157.8583] },
  { zip: '00901', city: 'San Juan', state: 'PR', county: 'San Juan', countyFips: '72127', timeZone: 'America/Puerto_Rico', near: [18.4655, -66.1057] },
  { zip: '96910', city: 'Hagatna', state: 'GU', county: 'Guam', countyFips: '66010', timeZone: 'Pacific/Guam', near: [13.4757, 144.7489] },
  { zip: '96950', city: 'Saipan', state: 'MP', county: 'Saipan', countyFips: '69110', timeZone: 'Pacific/Saipan', near: [15.1778, 145.7507] },
  { zip: '00802', city: 'St Thomas', state: 'VI', county: 'St. Thomas', countyFips: '78030', timeZone: 'America/St_Thomas', near: [18.3419, -64.9307] },
  { zip: '96799', city: 'Pago Pago', state: 'AS', county: 'Western', countyFips: '60050', timeZone: 'Pacific/Pago_Pago', near: [-14.2781, -170.7025] },
  { zip: '79901', city: 'El Paso', state: 'TX', county: 'El Paso', countyFips: '48141', timeZone: 'America/Denver', near: [31.7619, -106.485] },
  { zip: '47712', city: 'Evansville', state: 'IN', county: 'Vanderburgh', countyFips: '18163', timeZone: 'America/Chicago', near: [37.9716, -87.5711] },
  { zip: '46204', city: 'Indianapolis', state: 'IN', county: 'Marion', countyFips: '18097', timeZone: 'America/Indiana/Indianapolis', near: [39.7684, -86.1581] },
  { zip: '99501', city: 'Anchorage', state: 'AK', county: 'Anchorage', countyFips: '02020', timeZone: 'America/Anchorage', near: [61.2181, -149.9003] },
  { zip: '83814', city: "Coeur d'Alene", state: 'ID', county: 'Kootenai', countyFips: '16055', timeZone: 'America/Los_Angeles', near: [47.6777, -116.7805] },
  { zip: '83702', city: 'Boise', state: 'ID', county: 'Ada', countyFips: '16001', timeZone: 'America/Boise', near: [43.615, -116.2023] },
  { zip: '97914', city: 'Ontario', state: 'OR', county: 'Malheur', countyFips: '41045', timeZone: 'America/Boise', near: [44.0266, -116.9629] },
  { zip: '86515', city: 'Window Rock', state: 'AZ', county: 'Apache', countyFips: '04001', timeZone: 'America/Denver', near: [35.6806, -109.0526] },
  { zip: '86033', city: 'Kayenta', state: 'AZ', county: 'Navajo', countyFips: '04017', timeZone: 'America/Denver', near: [36.7278, -110.2546] },
  { zip: '32501', city: 'Pensacola', state: 'FL', county: 'Escambia', countyFips: '12033', timeZone: 'America/Chicago', near: [30.4213, -87.2169] },
  { zip: '32301', city: 'Tallahassee', state: 'FL', county: 'Leon', countyFips: '12073', timeZone: 'America/New_York', near: [30.4383, -84.2807] },
  { zip: '40202', city: 'Louisville', state: 'KY', county: 'Jefferson', countyFips: '21111', timeZone: 'America/Kentucky/Louisville', near: [38.2527, -85.7585] },
  { zip: '42001', city: 'Paducah', state: 'KY', county: 'McCracken', countyFips: '21145', timeZone: 'America/Chicago', near: [37.0834, -88.6001] },
  { zip: '37902', city: 'Knoxville', state: 'TN', county: 'Knox', countyFips: '47093', timeZone: 'America/New_York', near: [35.9606, -83.9207] },
  { zip: '37203', city: 'Nashville', state: 'TN', county: 'Davidson', countyFips: '47037', timeZone: 'America/Chicago', near: [36.1627, -86.7816] },
  { zip: '58501', city: 'Bismarck', state: 'ND', county: 'Burleigh', countyFips: '38015', timeZone: 'America/Chicago', near: [46.8083, -100.7837] },
  { zip: '58601', city: 'Dickinson', state: 'ND', county: 'Stark', countyFips: '38089', timeZone: 'America/Denver', near: [46.8792, -102.7896] },
  { zip: '89883', city: 'West Wendover', state: 'NV', county: 'Elko', countyFips: '32007', timeZone: 'America/Denver', near: [40.7391, -114.0733] },
  { zip: '49938', city: 'Ironwood', state: 'MI', county: 'Gogebic', countyFips: '26053', timeZone: 'America/Menominee', near: [46.4547, -90.1710] },
  { zip: '21201', city: 'Baltimore', state: 'MD', county: 'Baltimore city', countyFips: '24510', timeZone: 'America/New_York', near: [39.2904, -76.6122] },
  { zip: '23219', city: 'Richmond', state: 'VA', county: 'Richmond city', countyFips: '51760', timeZone: 'America/New_York', near: [37.5407, -77.436] },
  { zip: '06103', city: 'Hartford', state: 'CT', county: 'Capitol', countyFips: '09110', timeZone: 'America/New_York', near: [41.7658, -72.6734] },
  // Sources disagreed on these; the directory must keep the right answer.
  { zip: '60428', city: 'Markham', state: 'IL', county: 'Cook', countyFips: '17031', timeZone: 'America/Chicago', near: [41.5937, -87.6948] },
  { zip: '99503', city: 'Anchorage', state: 'AK', county: 'Anchorage', countyFips: '02020', timeZone: 'America/Anchorage', near: [61.19, -149.89] },
  { zip: '98944', city: 'Sunnyside', state: 'WA', county: 'Yakima', countyFips: '53077', timeZone: 'America/Los_Angeles', near: [46.3237, -120.0087] },
  { zip: '36867', city: 'Phenix City', state: 'AL', county: 'Russell', countyFips: '01113', timeZone: 'America/New_York', near: [32.4709, -85.0008] },
];

describe('lookupZip', () => {
  it.each(KNOWN)('$zip is $city, $state', (k) => {
    const place = lookupZip(k.zip);
    expect(place).toMatchObject({
      zip: k.zip,
      city: k.city,
      state: k.state,
      county: k.county,
      countyFips: k.countyFips,
      timeZone: k.timeZone,
    });
    expect(distanceMiles(place as ZipPlace, { lat: k.near[0], lon: k.near[1] })).toBeLessThan(12);
  });

  it('finds PO-box ZIPs that have no Census area', () => {
    expect(lookupZip('10008')).toMatchObject({ city: 'New York', state: 'NY', countyFips: '36061' });
    expect(lookupZip('00902')).toMatchObject({
      city: 'San Juan',
      state: 'PR',
      timeZone: 'America/Puerto_Rico',
    });
  });

  it('accepts ZIP+4 and surrounding spaces, and returns the same shared object', () => {
    const place = lookupZip('10001');
    expect(lookupZip('10001-1234')).toBe(place);
    expect(lookupZip('100011234')).toBe(place);
    expect(lookupZip(' 10001 ')).toBe(place);
    expect(Object.isFrozen(place)).toBe(true);
  });

  it.each([
    '',
    ' ',
    '1000',
    '2134',
    '100011',
    '10001-12',
    '10001-12345',
    '10001 1234',
    'abcde',
    '1OOO1',
    '１０００１',
  ])('rejects malformed input %j', (input) => {
    expect(normalizeZip(input)).toBeUndefined();
    expect(lookupZip(input)).toBeUndefined();
  });

  it('rejects non-strings from untyped callers', () => {
    expect(lookupZip(undefined as unknown as string)).toBeUndefined();
    expect(lookupZip(10001 as unknown as string)).toBeUndefined();
  });

  it.each([
    ['00000', 'never issued'],
    ['99999', 'never issued'],
    ['09001', 'military APO AA'],
    ['96898', 'Wake Island'],
    ['96941', 'Micronesia (freely associated, not US)'],
  ])('returns undefined for %s (%s)', (zip) => {
    expect(lookupZip(zip)).toBeUndefined();
  });
});

describe('normalizeZip', () => {
  it.each([
    ['02134', '02134'],
    ['02134-1234', '02134'],
    ['021341234', '02134'],
    ['\t02134\n', '02134'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeZip(input)).toBe(expected);
  });
});

// prettier-ignore
const STATE_FIPS: Record<string, string> = {
  AL: '01', AK: '02', AZ: '04', AR: '05', CA: '06', CO: '08', CT: '09', DE: '10', DC: '11', FL: '12',
  GA: '13', HI: '15', ID: '16', IL: '17', IN: '18', IA: '19', KS: '20', KY: '21', LA: '22', ME: '23',
  MD: '24', MA: '25', MI: '26', MN: '27', MS: '28', MO: '29', MT: '30', NE: '31', NV: '32', NH: '33',
  NJ: '34', NM: '35', NY: '36', NC: '37', ND: '38', OH: '39', OK: '40', OR: '41', PA: '42', RI: '44',
  SC: '45', SD: '46', TN: '47', TX: '48', UT: '49', VT: '50', VA: '51', WA: '53', WV: '54', WI: '55',
  WY: '56', AS: '60', GU: '66', MP: '69', PR: '72', VI: '78',
};

// Zones each state may have; anything else means a point fell over a border or into a lake.
// prettier-ignore
const SPLIT_STATE_ZONES: Record<string, string[]> = {
  AK: ['America/Anchorage', 'America/Juneau', 'America/Sitka', 'America/Yakutat', 'America/Nome', 'America/Metlakatla', 'America/Adak'],
  AL: ['America/Chicago', 'America/New_York'],
  AZ: ['America/Phoenix', 'America/Denver'],
  FL: ['America/New_York', 'America/Chicago'],
  ID: ['America/Boise', 'America/Los_Angeles'],
  IN: ['America/Indiana/Indianapolis', 'America/Chicago', 'America/New_York', 'America/Kentucky/Louisville', 'America/Indiana/Knox', 'America/Indiana/Winamac', 'America/Indiana/Vevay', 'America/Indiana/Marengo', 'America/Indiana/Vincennes', 'America/Indiana/Tell_City', 'America/Indiana/Petersburg'],
  KS: ['America/Chicago', 'America/Denver'],
  KY: ['America/New_York', 'America/Chicago', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello'],
  MI: ['America/Detroit', 'America/Menominee'],
  ND: ['America/Chicago', 'America/Denver', 'America/North_Dakota/Center', 'America/North_Dakota/New_Salem', 'America/North_Dakota/Beulah'],
  NE: ['America/Chicago', 'America/Denver'],
  NV: ['America/Los_Angeles', 'America/Denver'],
  OR: ['America/Los_Angeles', 'America/Boise'],
  SD: ['America/Chicago', 'America/Denver'],
  TN: ['America/Chicago', 'America/New_York'],
  TX: ['America/Chicago', 'America/Denver'],
};
// prettier-ignore
const SINGLE_ZONE: Record<string, string> = {
  CA: 'America/Los_Angeles', WA: 'America/Los_Angeles', HI: 'Pacific/Honolulu', PR: 'America/Puerto_Rico',
  VI: 'America/St_Thomas', GU: 'Pacific/Guam', MP: 'Pacific/Saipan', AS: 'Pacific/Pago_Pago',
  CO: 'America/Denver', MT: 'America/Denver', NM: 'America/Denver', UT: 'America/Denver', WY: 'America/Denver',
  AR: 'America/Chicago', IA: 'America/Chicago', IL: 'America/Chicago', LA: 'America/Chicago',
  MN: 'America/Chicago', MO: 'America/Chicago', MS: 'America/Chicago', OK: 'America/Chicago', WI: 'America/Chicago',
  CT: 'America/New_York', DC: 'America/New_York', DE: 'America/New_York', GA: 'America/New_York',
  MA: 'America/New_York', MD: 'America/New_York', ME: 'America/New_York', NC: 'America/New_York',
  NH: 'America/New_York', NJ: 'America/New_York', NY: 'America/New_York', OH: 'America/New_York',
  PA: 'America/New_York', RI: 'America/New_York', SC: 'America/New_York', VA: 'America/New_York',
  VT: 'America/New_York', WV: 'America/New_York',
};

/** Rough boxes around each region: a point outside one has lost a sign or swapped lat and lon. */
function inUsBounds(p: ZipPlace): boolean {
  const box = (lat0: number, lat1: number, lon0: number, lon1: number): boolean =>
    p.lat >= lat0 && p.lat <= lat1 && p.lon >= lon0 && p.lon <= lon1;
  switch (p.state) {
    case 'AK':
      return box(51, 72, -180, -129.9);
    case 'HI':
      return box(18.5, 22.5, -160.5, -154.5);
    case 'PR':
    case 'VI':
      return box(17.5, 18.7, -67.5, -64.5);
    case 'GU':
    case 'MP':
      return box(13, 21, 144, 146.5);
    case 'AS':
      return box(-15, -11, -171.2, -168);
    default:
      return box(24.4, 49.4, -124.8, -66.9);
  }
}

describe('zipDirectory (every entry)', () => {
  const places = [...zipDirectory().values()];

  it('covers every state, DC and the five inhabited territories', () => {
    expect(places.length).toBeGreaterThan(40_000);
    expect(new Set(places.map((p) => p.state))).toEqual(new Set(Object.keys(STATE_FIPS)));
  });

  it('keys each place by its own five-digit ZIP', () => {
    for (const [zip, p] of zipDirectory()) {
      expect(p.zip).toBe(zip);
      expect(zip).toMatch(/^\d{5}$/);
    }
  });

  it('has a city, a county and a county FIPS code inside the state', () => {
    const bad = places.filter(
      (p) =>
        !p.city ||
        !p.county ||
        !/^\d{5}$/.test(p.countyFips) ||
        !p.countyFips.startsWith(STATE_FIPS[p.state]),
    );
    expect(bad).toEqual([]);
  });

  it('has a valid IANA zone everywhere', () => {
    const valid = new Map<string, boolean>();
    const isValid = (zone: string): boolean => {
      if (!valid.has(zone)) {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          valid.set(zone, zone.includes('/'));
        } catch {
          valid.set(zone, false);
        }
      }
      return valid.get(zone) === true;
    };
    expect(places.filter((p) => !isValid(p.timeZone))).toEqual([]);
  });

  it("keeps each state's ZIPs to the zones that state has", () => {
    const bad = places.filter((p) =>
      p.state in SINGLE_ZONE
        ? p.timeZone !== SINGLE_ZONE[p.state]
        : !SPLIT_STATE_ZONES[p.state].includes(p.timeZone),
    );
    expect(bad).toEqual([]);
  });

  it('uses every zone of the split states somewhere (the polygons were really consulted)', () => {
    const seen = new Set(places.map((p) => p.timeZone));
    const missing = Object.values(SPLIT_STATE_ZONES)
      .flat()
      .filter((z) => !seen.has(z));
    expect(missing).toEqual([]);
  });

  it('puts every point inside plausible US bounds', () => {
    expect(places.filter((p) => !inUsBounds(p))).toEqual([]);
  });
});

describe('parseZipCsv', () => {
  const header = 'zip,city,state,county,county_fips,lat,lon,time_zone';

  it('parses rows and skips blank lines', () => {
    const map = parseZipCsv(
      `${header}\n02134,Allston,MA,Suffolk,25025,42.35855,-71.12931,America/New_York\n\n`,
    );
    expect(map.get('02134')).toEqual({
      zip: '02134',
      city: 'Allston',
      state: 'MA',
      county: 'Suffolk',
      countyFips: '25025',
      lat: 42.35855,
      lon: -71.12931,
      timeZone: 'America/New_York',
    });
  });

  it('refuses a file with another header', () => {
    expect(() => parseZipCsv('zip,city\n')).toThrow(/unexpected header/);
  });

  it.each([
    '2134,Allston,MA,Suffolk,25025,42.3,-71.1,America/New_York',
    '02134,Allston,MA,Suffolk,25025,north,-71.1,America/New_York',
    '02134,Allston,MA,Suffolk,25025,42.3,-71.1,',
    '02134,"Allston, Boston",MA,Suffolk,25025,42.3,-71.1,America/New_York',
  ])('refuses the malformed line %j', (line) => {
    expect(() => parseZipCsv(`${header}\n${line}\n`)).toThrow(/malformed line 2/);
  });
});
