import { ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { QueryFailedError } from 'typeorm';
import { UpdateAttorneyDto } from '../../../src/attorneys/attorneys.dto';
import { AuditQueryDto } from '../../../src/audit/audit.dto';
import { CreateChildDto, SponsorDto } from '../../../src/children/children.dto';
import { integerText } from '../../../src/common/dto-transforms';
import { HttpExceptionFilter } from '../../../src/common/http-exception.filter';
import { parseInstantOrDate, parseIsoInstant } from '../../../src/time';
import { PageQuery } from '../../../src/common/pagination';
import { createValidationPipe, findUnsafeInput, MAX_NESTING } from '../../../src/common/validation';
import { resolveHearingStart } from '../../../src/hearings/hearing-time';
import { CreatePlanDto } from '../../../src/matching/plans/plans.dto';

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const DAYS_IN_MONTH = (y: number, m: number) => new Date(Date.UTC(2000, m, 0)).getUTCDate() + (m === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? -1 : 0);

describe('parseIsoInstant (every instant field shares it)', () => {
  const parts = fc.record({
    year: fc.integer({ min: 1000, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    separator: fc.constantFrom('.', ','),
    offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    offsetStyle: fc.constantFrom('Z', 'colon', 'basic', 'hours'),
  });

  it('reads any ISO 8601 instant with an offset and any fraction of the second, to the millisecond', () => {
    fc.assert(
      fc.property(parts, (p) => {
        fc.pre(p.day <= DAYS_IN_MONTH(p.year, p.month));
        const offset =
          p.offsetStyle === 'Z' ? 0 : p.offsetStyle === 'hours' ? Math.trunc(p.offsetMinutes / 60) * 60 : p.offsetMinutes;
        const sign = offset < 0 ? '-' : '+';
        const [oh, om] = [Math.floor(Math.abs(offset) / 60), Math.abs(offset) % 60];
        const zone =
          p.offsetStyle === 'Z'
            ? 'Z'
            : p.offsetStyle === 'colon'
              ? `${sign}${pad(oh)}:${pad(om)}`
              : p.offsetStyle === 'basic'
                ? `${sign}${pad(oh)}${pad(om)}`
                : `${sign}${pad(oh)}`;
        const fraction = p.fraction === undefined ? '' : `${p.separator}${p.fraction}`;
        const text = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${fraction}${zone}`;
        const wall = new Date(0);
        wall.setUTCFullYear(p.year, p.month - 1, p.day);
        wall.setUTCHours(p.hour, p.minute, p.second, Number((p.fraction ?? '').slice(0, 3).padEnd(3, '0')));
        expect(parseIsoInstant(text)?.getTime()).toBe(wall.getTime() - offset * 60_000);
      }),
    );
  });

  it.each([
    ['2027-01-02T07:59:34.123456Z', '2027-01-02T07:59:34.123Z'],
    ['2027-01-02T07:59:34.1Z', '2027-01-02T07:59:34.100Z'],
    ['2027-01-02T07:59:34,5Z', '2027-01-02T07:59:34.500Z'],
    ['2027-01-02T02:59:34.999999999-05:00', '2027-01-02T07:59:34.999Z'],
    ['2027-01-02T13:29:34.123456+0530', '2027-01-02T07:59:34.123Z'],
    ['2027-01-02T09:59+02', '2027-01-02T07:59:00.000Z'],
  ])('accepts %s', (input, expected) => {
    expect(parseIsoInstant(input)?.toISOString()).toBe(expected);
  });

  it('refuses impossible dates, times and offsets, missing offsets and anything not a string', () => {
    const refused = fc.oneof(
      // Days past the end of their month.
      fc
        .record({ year: fc.integer({ min: 1000, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), extra: fc.integer({ min: 1, max: 3 }) })
        .map(({ year, month, extra }) => `${year}-${pad(month)}-${pad(DAYS_IN_MONTH(year, month) + extra)}T10:00:00Z`),
      fc.integer({ min: 24, max: 99 }).map((h) => `2027-01-02T${h}:00:00Z`),
      fc.integer({ min: 60, max: 99 }).map((s) => `2027-01-02T10:00:${s}Z`),
      fc.integer({ min: 24, max: 99 }).map((h) => `2027-01-02T10:00:00+${h}:00`),
      fc.integer({ min: 10000, max: 999999 }).map((y) => `${y}-01-02T10:00:00Z`),
      fc.constantFrom('2027-01-02T10:00:00', '2027-01-02', '2027-01-02 10:00Z', '2027-01-02T10:00:00.Z', 'tomorrow', ''),
    );
    fc.assert(fc.property(refused, (text) => expect(parseIsoInstant(text)).toBeNull()));
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.object()), (value) =>
        expect(parseIsoInstant(value)).toBeNull(),
      ),
    );
  });

  it('hearing startsAt takes microseconds (what many languages print by default)', () => {
    const resolved = resolveHearingStart({ startsAt: '2027-01-02T07:59:34.123456Z' }, 'America/New_York');
    expect(resolved?.startsAt.toISOString()).toBe('2027-01-02T07:59:34.123Z');
  });
});

describe('parseInstantOrDate', () => {
  it('reads a calendar date as the start of that day (UTC) and refuses dates not on the calendar', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${pad(month)}-${pad(day)}`;
          const parsed = parseInstantOrDate(text);
          if (day <= DAYS_IN_MONTH(year, month)) expect(parsed?.toISOString()).toBe(`${text}T00:00:00.000Z`);
          else expect(parsed).toBeNull();
        },
      ),
    );
    expect(parseInstantOrDate('2027-02-30')).toBeNull();
    expect(parseInstantOrDate('99999-01-01')).toBeNull();
  });
});

describe('integerText (query strings only)', () => {
  it('converts whole decimal numbers and leaves everything else for the validator to refuse', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => expect(integerText({ value: String(n) })).toBe(n)),
    );
    for (const value of ['', ' ', '1e1', '0x0C', '12abc', '1.5', true, 12, null]) {
      expect(integerText({ value })).toBe(value);
    }
  });
});

describe('findUnsafeInput', () => {
  const safeString = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000'));
  const safeJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      safeString,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(safeString, tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('passes well-formed values (no NUL, whole surrogate pairs, shallow)', () => {
    fc.assert(fc.property(safeJson, (value) => expect(findUnsafeInput(value)).toBeNull()));
  });

  it('names the field holding a NUL or a lone surrogate, however deep', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\u0000', '\ud800', '\udfff', 'ok\udbffz', 'a\u0000'),
        (path, bad) => {
          const value = path.reduceRight<unknown>((inner, key) => ({ [key]: inner, other: 'fine \ud83d\ude00' }), bad);
          expect(findUnsafeInput(value)).toEqual({ field: path.join('.'), message: expect.any(String) });
        },
      ),
    );
  });

  it('refuses nesting past the limit without recursing (a body thousands of levels deep)', () => {
    const deep = JSON.parse('{"street":'.repeat(100_000) + '1' + '}'.repeat(100_000)) as unknown;
    expect(findUnsafeInput({ address: deep })).toEqual({
      field: 'address.street',
      message: `is nested more than ${MAX_NESTING} levels deep`,
    });
    expect(findUnsafeInput(JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)))).not.toBeNull();
  });
});

describe('the validation pipe types JSON bodies strictly', () => {
  const pipe = createValidationPipe();
  const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
  const refusal = async (value: unknown, metadata: ArgumentMetadata) => {
    try {
      await pipe.transform(value, metadata);
      return undefined;
    } catch (e) {
      return (e as { getResponse(): { details: { field: string }[] } }).getResponse().details.map((d) => d.field);
    }
  };
  const sponsor = { firstName: 'Rosa', lastName: 'Tzoc', relationshipCategory: 2 };

  it('refuses booleans and numeric text where a number is required (no implicit conversion)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<unknown>(true, false, '1', '2', '12', '', [2], { v: 2 }), async (bad) => {
        expect(await refusal({ ...sponsor, relationshipCategory: bad }, body(SponsorDto))).toContain('relationshipCategory');
        expect(await refusal({ candidatesPerCase: bad }, body(CreatePlanDto))).toContain('candidatesPerCase');
      }),
    );
    expect(await refusal({ ...sponsor, relationshipCategory: null }, body(SponsorDto))).toContain('relationshipCategory');
    expect(await refusal(sponsor, body(SponsorDto))).toBeUndefined();
    expect(await refusal({ candidatesPerCase: 12 }, body(CreatePlanDto))).toBeUndefined();
  });

  it('refuses numbers, booleans, impossible dates and 5-digit years where a date or an instant is required', async () => {
    const notAnInstant = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constantFrom('2027-02-30', '2027-02-30T10:00:00Z', '99999-01-01', '+099999-01-01T00:00:00Z', '2027-03-03T09:00:00', 'Mar 3 2027', '0', '[]'),
      fc.array(fc.constant('2027-01-01'), { minLength: 1, maxLength: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(notAnInstant, async (bad) => {
        expect(await refusal({ pausedUntil: bad }, body(UpdateAttorneyDto))).toContain('pausedUntil');
        expect(await refusal({ address: { zip: '11368', movedAt: bad } }, body(CreateChildDto))).toContain('address.movedAt');
        expect(await refusal({ since: bad }, { type: 'query', metatype: AuditQueryDto })).toContain('since');
      }),
    );
    const ok = (await pipe.transform({ pausedUntil: '2027-01-15T09:30:00.123456-05:00' }, body(UpdateAttorneyDto))) as UpdateAttorneyDto;
    expect(ok.pausedUntil?.toISOString()).toBe('2027-01-15T14:30:00.123Z');
  });

  it('refuses an array, a string or null where an object is required', async () => {
    for (const bad of [[{ zip: '11368' }], 'text', 12, true]) {
      expect(await refusal({ ...sponsor, address: bad }, body(SponsorDto))).toContain('address');
    }
    for (const bad of [null, [], [{}], 'text', 12, true]) {
      expect(await refusal(bad, body(SponsorDto))).toEqual(['body']);
    }
  });

  it('converts query numbers from whole decimal text only', async () => {
    const q = (await pipe.transform({ limit: '12', offset: '0' }, { type: 'query', metatype: PageQuery })) as PageQuery;
    expect([q.limit, q.offset]).toEqual([12, 0]);
    for (const bad of ['', '1e1', '0x0C', 'true', '12abc', '1.5']) {
      expect(await refusal({ limit: bad }, { type: 'query', metatype: PageQuery })).toContain('limit');
    }
  });
});

describe('database refusals of a missing value', () => {
  it('name the field (23502 column in the API words), never the value', () => {
    const filter = new HttpExceptionFilter();
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      headersSent: false,
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
    };
    const host = {
      switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ url: '/x' }) }),
    } as never;
    for (const [column, field] of [
      ['first_name', 'firstName'],
      ['phone_enc', 'phone'],
      ['relationship_category', 'relationshipCategory'],
      ['name', 'name'],
    ]) {
      const error = new QueryFailedError('INSERT …', ['secret value'], Object.assign(new Error('null value'), { code: '23502', column }));
      filter.catch(error, host);
      expect(sent.status).toBe(400);
      expect(sent.body).toMatchObject({ code: 'constraint_violated', details: [{ field, message: 'is required' }] });
      expect(JSON.stringify(sent.body)).not.toContain('secret value');
    }
  });
});
