import 'reflect-metadata';
import { readLanguages } from '../../../src/courts/reference-data';
import {
  ATTORNEY_COLUMNS,
  CHILD_COLUMNS,
  exampleCsv,
  ImportFileError,
  normalizeHeader,
  resolveHeader,
} from '../../../src/imports/csv-columns';
import { CsvItem, readCsv } from '../../../src/imports/csv-reader';
import {
  cellsToPlain,
  prepareAttorneyRow,
  prepareChildRow,
  toRowError,
} from '../../../src/imports/row-mapping';

const CHILD_HEADER = CHILD_COLUMNS.map((c) => c.name);
const context = { today: '2026-06-01', knownLanguages: new Set(readLanguages().map((l) => l.code)) };
const childColumns = resolveHeader('children', CHILD_HEADER);

function cells(values: Record<string, string>, header: string[] = CHILD_HEADER): string[] {
  return header.map((h) => values[h] ?? '');
}

const VALID: Record<string, string> = {
  first_name: ' Ana ',
  last_name: 'Tzoc',
  date_of_birth: '2010-04-17',
  country_of_birth: 'gt',
  a_number: 'a 012-345-678',
  primary_language: 'QUC',
  other_languages: 'spa; quc ;;',
  release_date: '2025-09-01',
  zip: '11368',
  street: '41-12 Junction Blvd',
  phone: '(718) 555-0142',
  reminder_channels: 'sms',
  reminder_consent: 'Yes',
  sponsor_first_name: 'Rosa',
  sponsor_last_name: 'Tzoc',
  sponsor_relationship_category: '2',
  sponsor_zip: '7102',
};

async function collect(source: Iterable<string | Buffer>): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readCsv(source)) items.push(item);
  return items;
}

describe('CSV header', () => {
  it.each([
    ['first_name', 'first_name'],
    ['First Name', 'first_name'],
    [' FIRST-NAME ', 'first_name'],
    ['firstName', 'first_name'],
    ['\uFEFFa_number', 'a_number'],
    ['A-Number', 'a_number'],
    ['ZIP', 'zip'],
    ['Sponsor  Relationship Category', 'sponsor_relationship_category'],
  ])('normalizes %j to %s', (raw, name) => {
    expect(normalizeHeader(raw)).toBe(name);
  });

  it('maps columns in any order, ignores blank header cells, and refuses unknown, repeated or missing ones', () => {
    const resolved = resolveHeader('children', [
      'A Number',
      '',
      ...CHILD_HEADER.filter((h) => h !== 'a_number'),
    ]);
    expect(resolved[0]?.path).toBe('aNumber');
    expect(resolved[1]).toBeNull();
    const fail = (header: string[]) => {
      try {
        resolveHeader('children', header);
      } catch (err) {
        return (err as ImportFileError).code;
      }
      return 'accepted';
    };
    expect(fail([...CHILD_HEADER, 'shoe_size'])).toBe('unknown_columns');
    expect(fail([...CHILD_HEADER, 'First Name'])).toBe('repeated_columns');
    expect(fail(CHILD_HEADER.filter((h) => h !== 'release_date'))).toBe('missing_columns');
    expect(
      fail([
        'first_name',
        'last_name',
        'date_of_birth',
        'country_of_birth',
        'a_number',
        'primary_language',
        'release_date',
      ]),
    ).toBe('accepted');
  });

  it('documents an example file that passes its own checks', () => {
    const [header, example] = exampleCsv('attorneys').trim().split('\n');
    const columns = resolveHeader('attorneys', header.split(','));
    const result = prepareAttorneyRow(2, columns, example.split(','), context);
    expect(result.errors).toEqual([]);
  });
});

describe('row → DTO mapping', () => {
  it('turns cells into the DTO shape: lists, booleans, integers, nested sponsor, blank cells left out', () => {
    expect(cellsToPlain(childColumns, cells(VALID))).toEqual({
      firstName: 'Ana',
      lastName: 'Tzoc',
      dateOfBirth: '2010-04-17',
      countryOfBirth: 'gt',
      aNumber: 'a 012-345-678',
      primaryLanguage: 'QUC',
      otherLanguages: ['spa', 'quc'],
      releaseDate: '2025-09-01',
      address: { street: '41-12 Junction Blvd', zip: '11368' },
      phone: '(718) 555-0142',
      reminderChannels: ['sms'],
      reminderConsent: true,
      sponsor: { firstName: 'Rosa', lastName: 'Tzoc', relationshipCategory: 2, address: { zip: '07102' } },
    });
    const attorneys = resolveHeader(
      'attorneys',
      ATTORNEY_COLUMNS.map((c) => c.name),
    );
    const plain = cellsToPlain(
      attorneys,
      cells(
        {
          email: 'a@b.example',
          languages: 'spa:Fluent; quc = native; mam',
          capacity: '04',
          travel_radius_miles: '2.5',
          remote_ok: 'N',
        },
        ATTORNEY_COLUMNS.map((c) => c.name),
      ),
    );
    expect(plain).toEqual({
      email: 'a@b.example',
      languages: [
        { code: 'spa', proficiency: 'fluent' },
        { code: 'quc', proficiency: 'native' },
        { code: 'mam' },
      ],
      capacity: 4,
      travelRadiusMiles: '2.5',
      remoteOk: false,
    });
  });

  it('prepares a valid child with the API’s normalizations (trim, case, A-number, phone, ZIP place)', () => {
    const { prepared, errors } = prepareChildRow(2, childColumns, cells(VALID), context);
    expect(errors).toEqual([]);
    expect(prepared).toMatchObject({
      row: 2,
      aNumber: '012345678',
      firstName: 'Ana',
      countryOfBirth: 'GT',
      primaryLanguage: 'quc',
      otherLanguages: ['spa'], // deduplicated, primary removed
      phone: '+17185550142',
      reminderConsent: true,
      address: { street: '41-12 Junction Blvd', place: { zip: '11368', state: 'NY', county: 'Queens' } },
      sponsor: { relationshipCategory: 2, address: { place: { zip: '07102', state: 'NJ' } } },
    });
    expect(prepared?.email).toBeUndefined();
    expect(prepared?.spanishProficiency).toBeUndefined(); // blank: the writer applies the API default
  });

  it('names CSV columns in errors, rewords DTO messages, and says when a required cell is blank', () => {
    const bad = prepareChildRow(
      9,
      childColumns,
      cells({
        ...VALID,
        first_name: '',
        country_of_birth: 'Guatemala',
        other_languages: 'spa;xx1',
        sponsor_zip: '99999',
        reminder_channels: 'fax',
      }),
      context,
    );
    expect(bad.prepared).toBeUndefined();
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { row: 9, field: 'first_name', message: 'first_name is required (the cell is blank)' },
        {
          row: 9,
          field: 'country_of_birth',
          message: 'country_of_birth must be a two-letter country code such as GT',
        },
        { row: 9, field: 'other_languages', message: 'other_languages must be ISO 639-3 codes such as spa' },
        { row: 9, field: 'sponsor_zip', message: 'ZIP 99999 is not a known US ZIP code' },
        {
          row: 9,
          field: 'reminder_channels',
          message: 'each value in reminder_channels must be one of the following values: email, sms',
        },
      ]),
    );
    // A rule that needs the calendar, with the same words as the API.
    const adult = prepareChildRow(3, childColumns, cells({ ...VALID, date_of_birth: '2001-01-01' }), context);
    expect(adult.errors).toEqual([
      {
        row: 3,
        field: 'date_of_birth',
        message: 'the child was 24 at release; Amparo serves children released as minors (under 18)',
      },
    ]);
  });

  it('maps nested and indexed DTO paths to their column', () => {
    const cols = ATTORNEY_COLUMNS;
    expect(
      toRowError(4, cols, {
        field: 'languages.1.proficiency',
        message: 'proficiency must be one of the following values: native',
      }),
    ).toEqual({
      row: 4,
      field: 'languages',
      message: 'item 2: proficiency must be one of the following values: native',
    });
    expect(
      toRowError(4, cols, {
        field: 'office',
        message: 'give an office ZIP (for travel distance) or set remoteOk',
      }).field,
    ).toBe('office_zip');
    expect(toRowError(4, cols, { field: 'office.zip', message: 'zip must be a US ZIP code' })).toMatchObject({
      field: 'office_zip',
      message: 'office_zip must be a US ZIP code',
    });
    expect(toRowError(4, cols, { field: 'mystery', message: 'x' })).toEqual({
      row: 4,
      field: 'mystery',
      message: 'x',
    });
  });

  it('applies the attorney rules: known languages once each, office or remote', () => {
    const columns = resolveHeader('attorneys', ['email', 'display_name', 'languages', 'remote_ok']);
    const ok = prepareAttorneyRow(
      2,
      columns,
      ['Someone@Firm.example', 'Someone', 'spa:native', 'yes'],
      context,
    );
    expect(ok.prepared).toMatchObject({
      email: 'Someone@Firm.example',
      languageCodes: ['spa'],
      remoteOk: true,
    });
    const bad = prepareAttorneyRow(
      3,
      columns,
      ['x@firm.example', 'X', 'spa:native;spa:fluent', 'no'],
      context,
    );
    expect(bad.errors.map((e) => [e.field, e.message])).toEqual([
      ['languages', 'item 2: spa is listed twice'],
      ['office_zip', 'give an office ZIP (for travel distance) or set remoteOk'],
    ]);
  });
});

describe('CSV reading', () => {
  it('numbers rows as in the file across BOM, CRLF, blank lines and quoted line breaks', async () => {
    const text = '\uFEFFa,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n,\r\n"p\nq",4\r\n5,6';
    const items = await collect([text.slice(0, 7), text.slice(7)]);
    expect(items.map((i) => [i.type, i.row])).toEqual([
      ['header', 1],
      ['record', 2],
      ['record', 4],
      ['record', 7],
      ['record', 9],
    ]);
  });

  it('reports a broken row and goes on; refuses binary files and files without a header', async () => {
    const items = await collect(['a,b\n1,2\n3,"never closed\n']);
    expect(items.map((i) => i.type)).toEqual(['header', 'record', 'invalid']);
    expect(items[2]).toMatchObject({ row: 3 });
    await expect(collect([Buffer.from('PK\u0003\u0004rest')])).rejects.toMatchObject({ code: 'not_csv' });
    await expect(collect([Buffer.from([0x61, 0x00, 0x62])])).rejects.toMatchObject({ code: 'not_csv' });
    await expect(collect(['\n \n'])).rejects.toMatchObject({ code: 'empty_file' });
    const latin1 = await collect([
      Buffer.from('a,b\n'),
      Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x31, 0x0a]),
    ]);
    expect(latin1[1]).toMatchObject({ type: 'invalid', row: 2 });
  });
});
