import { DataSource } from 'typeorm';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childRow, CHILD_HEADER, Row, toCsv } from './fixtures';

interface Report {
  id: string;
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; field: string | null; message: string }[];
  durationMs: number;
}

describe('CSV import of children', () => {
  let t: TestApp;
  let coordinator: Session;
  let db: DataSource;
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)) as { n: number }[])[0]
      .n;
  const counts = () => Promise.all(['children', 'sponsors', 'child_addresses'].map((table) => count(table)));
  const post = (session: Session, csv: string | Buffer, query = '', contentType = 'text/csv') =>
    t
      .http()
      .post(`/imports/children${query}`)
      .set(session.auth)
      .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), {
        filename: 'children.csv',
        contentType,
      });

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const BAD: Array<[string, Row]> = [
    ['a_number', { a_number: 'A-12' }],
    ['a_number', { a_number: '' }],
    ['first_name', { first_name: '' }],
    ['date_of_birth', { date_of_birth: '2031-01-01' }],
    ['date_of_birth', { date_of_birth: '2010-02-30' }],
    ['date_of_birth', { date_of_birth: '1999-05-05' }],
    ['date_of_birth', { date_of_birth: '17/04/2010' }],
    ['release_date', { release_date: '2009-01-01' }],
    ['release_date', { release_date: '2099-01-01' }],
    ['country_of_birth', { country_of_birth: 'Guatemala' }],
    ['country_of_birth', { country_of_birth: 'ZZ' }],
    ['primary_language', { primary_language: 'xyz' }],
    ['primary_language', { primary_language: 'Spanish' }],
    ['other_languages', { other_languages: 'spa;zzz' }],
    ['spanish_proficiency', { spanish_proficiency: 'some' }],
    ['zip', { zip: '00000' }],
    ['zip', { zip: 'ABCDE' }],
    ['zip', { zip: '', street: '1 Main St' }],
    ['phone', { phone: '12345' }],
    ['email', { email: 'not-an-email' }],
    ['reminder_channels', { email: '', reminder_channels: 'email' }],
    ['reminder_channels', { reminder_channels: 'pigeon' }],
    ['reminder_consent', { reminder_consent: 'maybe' }],
    ['designated_unaccompanied', { designated_unaccompanied: 'perhaps' }],
    ['sponsor_relationship_category', { sponsor_relationship_category: '4' }],
    ['sponsor_last_name', { sponsor_last_name: '' }],
    ['sponsor_phone', { sponsor_phone: 'call me' }],
    ['sponsor_zip', { sponsor_zip: '99999' }],
    ['sponsor_language', { sponsor_language: 'klingon' }],
  ];

  it('writes the good rows, refuses each bad one with its row and column, and leaves no trace of them', async () => {
    const good = [
      childRow({ first_name: 'Good1' }),
      childRow({
        first_name: 'Good2',
        sponsor_first_name: '',
        sponsor_last_name: '',
        sponsor_relationship_category: '',
        sponsor_relationship: '',
        sponsor_street: '',
        sponsor_zip: '',
        sponsor_phone: '',
        sponsor_email: '',
        sponsor_language: '',
        sponsor_reminder_channels: '',
      }),
    ];
    const bad = BAD.map(([, override]) => childRow({ first_name: 'Bad', ...override }));
    const dup = childRow({ first_name: 'Dup', a_number: good[0].a_number.replace(/-/g, ' ') });
    const rows = [good[0], ...bad, good[1], dup];
    const before = await counts();
    const res = await post(coordinator, toCsv(rows)).expect(200);
    const report = res.body as Report;
    expect(report).toMatchObject({
      dryRun: false,
      total: rows.length,
      created: 2,
      updated: 0,
      unchanged: 0,
      failed: BAD.length + 1,
    });
    // Rows are numbered as in the file: header = 1, first data row = 2.
    BAD.forEach(([field], i) => {
      const rowErrors = report.errors.filter((e) => e.row === 3 + i);
      expect({ row: 3 + i, fields: rowErrors.map((e) => e.field) }).toEqual({
        row: 3 + i,
        fields: expect.arrayContaining([field]),
      });
      expect(rowErrors.every((e) => e.message.length > 0)).toBe(true);
    });
    expect(report.errors).toContainEqual({
      row: rows.length + 1,
      field: 'a_number',
      message: 'the same A-number is on row 2 of this file',
    });
    expect(await counts()).toEqual([before[0] + 2, before[1] + 1, before[2] + 2]);
    expect(await count('children', `first_name IN ('Bad', 'Dup')`)).toBe(0);

    const found = await t
      .http()
      .get('/children')
      .query({ aNumber: good[0].a_number })
      .set(coordinator.auth)
      .expect(200);
    expect(found.body.total).toBe(1);
    const child = await t.http().get(`/children/${found.body.items[0].id}`).set(coordinator.auth).expect(200);
    expect(child.body).toMatchObject({
      organizationId: coordinator.organizationId,
      firstName: 'Good1',
      primaryLanguage: 'quc',
      otherLanguages: ['spa'],
      phone: '+17185550142',
      address: { street: '41-12 Junction Blvd Apt 3', zip: '11368', state: 'NY', county: 'Queens' },
      reminders: { channels: ['email', 'sms'], consent: true },
      sponsor: {
        firstName: 'Rosa',
        relationshipCategory: 2,
        phone: '+17185550199',
        reminderChannels: ['sms'],
      },
    });
    // Messages name the CSV column rather than the API field.
    expect(
      report.errors.find((e) => e.row === 3 + BAD.findIndex(([f]) => f === 'country_of_birth'))?.message,
    ).toMatch(/^country_of_birth /);
  });

  it('audits each child written and the import itself; stores no A-number, phone, e-mail or street in clear', async () => {
    const rows = [
      childRow({ a_number: 'A 777-888-999', phone: '(212) 555-0177', email: 'zz.audit@example.org' }),
      childRow(),
    ];
    const report = (await post(coordinator, toCsv(rows)).expect(200)).body as Report;
    expect(
      await count('audit_events', `action = 'child.import' AND details->>'importId' = $1`, [report.id]),
    ).toBe(2);
    expect(await count('audit_events', `action = 'import.run' AND entity_id = $1`, [report.id])).toBe(1);
    // Not even a mistyped A-number or phone is kept in a report.
    const typo = (
      await post(
        coordinator,
        toCsv([childRow({ a_number: 'A-987-654-32X', sponsor_phone: '(212) 555-01' })]),
      ).expect(200)
    ).body as Report;
    expect(typo.errors.map((e) => e.field).sort()).toEqual(['a_number', 'sponsor_phone']);
    const stored = JSON.stringify(await db.query('SELECT errors FROM imports WHERE id = $1', [typo.id]));
    expect(stored).toContain('this value is not an A-number');
    expect(stored).not.toMatch(/987-654|555-01/);
    const dump = JSON.stringify(
      await db.query('SELECT c.*, s.* FROM children c JOIN sponsors s ON s.child_id = c.id'),
    );
    for (const secret of [
      '777888999',
      '777-888-999',
      '2125550177',
      'zz.audit@example.org',
      'Junction Blvd',
    ]) {
      expect(dump).not.toContain(secret);
    }
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const existing = childRow();
    await post(coordinator, toCsv([existing])).expect(200);
    const before = [...(await counts()), await count('audit_events', `action = 'child.import'`)];
    const rows = [{ ...existing, phone: '(212) 555-0100' }, childRow(), childRow({ zip: '00000' })];
    const report = (await post(coordinator, toCsv(rows), '?dryRun=true').expect(200)).body as Report;
    expect(report).toMatchObject({ dryRun: true, total: 3, created: 1, updated: 1, failed: 1 });
    expect(report.errors).toEqual([
      { row: 4, field: 'zip', message: 'ZIP 00000 is not a known US ZIP code' },
    ]);
    expect([...(await counts()), await count('audit_events', `action = 'child.import'`)]).toEqual(before);
  });

  it('re-importing updates rather than duplicates: unchanged rows stay, changes apply, a move is kept in history', async () => {
    const o = await t.login('coordinator');
    const rows = [
      childRow({ first_name: 'Re1' }),
      childRow({ first_name: 'Re2' }),
      childRow({ first_name: 'Re3' }),
    ];
    const csv = toCsv(rows);
    expect((await post(o, csv).expect(200)).body).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect((await post(o, csv).expect(200)).body).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 0,
    });
    // Other spellings of the same A-numbers and blank optional cells change nothing.
    const respelled = rows.map((r) => ({
      ...r,
      a_number: r.a_number.replace(/^A-/, ''),
      phone: '',
      email: '',
      reminder_channels: '',
      reminder_consent: '',
      other_languages: '',
    }));
    expect((await post(o, toCsv(respelled)).expect(200)).body).toMatchObject({ created: 0, unchanged: 3 });

    const changed = [
      { ...rows[0], phone: '212-555-0123', sponsor_phone: '212-555-0124' },
      { ...rows[1], street: '500 Main St', zip: '85001', date_of_birth: '2011-01-02' },
      rows[2],
      childRow({ first_name: 'Re4' }),
    ];
    const report = (await post(o, toCsv(changed)).expect(200)).body as Report;
    expect(report).toMatchObject({ total: 4, created: 1, updated: 2, unchanged: 1, failed: 0 });
    expect(await count('children', 'organization_id = $1', [o.organizationId])).toBe(4);

    const list = await t.http().get('/children').query({ aNumber: rows[1].a_number }).set(o.auth).expect(200);
    const id = list.body.items[0].id as string;
    const moved = await t.http().get(`/children/${id}`).set(o.auth).expect(200);
    expect(moved.body).toMatchObject({
      dateOfBirth: '2011-01-02',
      address: { street: '500 Main St', state: 'AZ', timeZone: 'America/Phoenix' },
    });
    const history = await t.http().get(`/children/${id}/addresses`).set(o.auth).expect(200);
    expect(history.body.map((a: { zip: string }) => a.zip)).toEqual(['85001', '11368']);
    const first = await t
      .http()
      .get('/children')
      .query({ aNumber: rows[0].a_number })
      .set(o.auth)
      .expect(200);
    const sponsor = await t.http().get(`/children/${first.body.items[0].id}/sponsor`).set(o.auth).expect(200);
    expect(sponsor.body).toMatchObject({ phone: '+12125550124', firstName: 'Rosa' });
    expect(
      await count('audit_events', `action = 'child.import' AND details->>'importId' = $1`, [report.id]),
    ).toBe(3);
  });

  it('when the database refuses a batch, retries row by row: only that row fails, and never half-written', async () => {
    // A rule only the database knows, on the sponsor: the child written before it must go too.
    await db.query(`
      CREATE FUNCTION test_refuse_sponsor() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_name = 'Refused' THEN RAISE EXCEPTION 'no' USING ERRCODE = 'check_violation', CONSTRAINT = 'test_rule'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER test_refuse_sponsor BEFORE INSERT ON sponsors FOR EACH ROW EXECUTE FUNCTION test_refuse_sponsor()`,
    );
    try {
      const o = await t.login('coordinator');
      const rows = [
        childRow(),
        childRow({ first_name: 'HalfWritten', sponsor_first_name: 'Refused' }),
        childRow(),
      ];
      const report = (await post(o, toCsv(rows)).expect(200)).body as Report;
      expect(report).toMatchObject({ total: 3, created: 2, failed: 1 });
      expect(report.errors).toEqual([
        { row: 3, field: null, message: 'not saved: it breaks a data rule (test_rule)' },
      ]);
      expect(await count('children', `first_name = 'HalfWritten'`)).toBe(0);
      expect(await count('children', 'organization_id = $1', [o.organizationId])).toBe(2);
      expect(
        await count('sponsors s JOIN children c ON c.id = s.child_id', 'c.organization_id = $1', [
          o.organizationId,
        ]),
      ).toBe(2);
      expect(
        await count('audit_events', `action = 'child.import' AND details->>'importId' = $1`, [report.id]),
      ).toBe(2);
    } finally {
      await db.query('DROP TRIGGER test_refuse_sponsor ON sponsors');
      await db.query('DROP FUNCTION test_refuse_sponsor');
    }
  });

  it('keeps A-numbers per organization: the same file in another organization creates its own children', async () => {
    const a = await t.login('coordinator');
    const b = await t.login('coordinator');
    const csv = toCsv([childRow(), childRow()]);
    expect((await post(a, csv).expect(200)).body).toMatchObject({ created: 2 });
    expect((await post(b, csv).expect(200)).body).toMatchObject({ created: 2 });
  });

  it('reads headers in any case or spacing, a BOM, CRLF, quoted values and blank lines; rows keep their file numbers', async () => {
    const header = CHILD_HEADER.map((h) => h.replace(/_/g, ' ').toUpperCase());
    const rows = [
      childRow({ street: '12 "Casa Azul", Apt 3' }),
      childRow({ zip: '7102' }),
      childRow({ phone: 'nope' }),
    ];
    const lines = toCsv(rows, CHILD_HEADER, '\r\n').split('\r\n');
    lines[0] = header.join(',');
    const csv = `\uFEFF${lines[0]}\r\n${lines[1]}\r\n\r\n${lines[2]}\r\n,,,\r\n${lines[3]}\r\n`;
    const report = (await post(coordinator, csv).expect(200)).body as Report;
    expect(report).toMatchObject({ total: 3, created: 2, failed: 1 });
    expect(report.errors).toEqual([
      { row: 6, field: 'phone', message: 'this value is not a valid phone number (US numbers may omit +1)' },
    ]);
    const newark = await t
      .http()
      .get('/children')
      .query({ aNumber: rows[1].a_number })
      .set(coordinator.auth)
      .expect(200);
    expect(newark.body.items[0]).toMatchObject({ state: 'NJ' }); // 7102 → 07102 (a spreadsheet dropped the zero)
  });

  it('refuses a file with an unknown, repeated or missing column as a whole (400) and writes nothing', async () => {
    const before = await counts();
    const unknown = await post(
      coordinator,
      toCsv([childRow({ favorite_color: 'blue' })], [...CHILD_HEADER, 'favorite_color']),
    ).expect(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_columns', details: [{ field: 'favorite_color' }] });
    expect(unknown.body.message).toContain('favorite_color');
    const repeated = await post(coordinator, `${CHILD_HEADER.join(',')},zip\n`).expect(400);
    expect(repeated.body.code).toBe('repeated_columns');
    const missing = await post(coordinator, 'first_name,last_name\nAna,Tzoc\n').expect(400);
    expect(missing.body).toMatchObject({ code: 'missing_columns' });
    expect(missing.body.message).toContain('a_number');
    expect(await counts()).toEqual(before);
  });

  it('refuses what is not a CSV file, an empty file and a header without rows', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await post(coordinator, png, '', 'application/octet-stream').expect(400)).body.code).toBe(
      'not_csv',
    );
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]);
    expect((await post(coordinator, xlsx, '', 'application/octet-stream').expect(400)).body.code).toBe(
      'not_csv',
    );
    expect((await post(coordinator, 'a,b', '', 'image/png').expect(400)).body.code).toBe('not_csv');
    expect((await post(coordinator, '').expect(400)).body.code).toBe('empty_file');
    expect((await post(coordinator, '\uFEFF\n\n').expect(400)).body.code).toBe('empty_file');
    expect((await post(coordinator, `${CHILD_HEADER.join(',')}\n\n`).expect(400)).body.code).toBe('no_rows');
    const json = await t
      .http()
      .post('/imports/children')
      .set(coordinator.auth)
      .send({ rows: [] })
      .expect(400);
    expect(json.body.code).toBe('multipart_required');
    const noFile = await t
      .http()
      .post('/imports/children')
      .set(coordinator.auth)
      .field('note', 'x')
      .expect(400);
    expect(noFile.body.code).toBe('file_required');
    const imports = await t
      .http()
      .get('/imports')
      .query({ status: 'failed' })
      .set(coordinator.auth)
      .expect(200);
    expect(imports.body.items.map((i: { failure: { code: string } }) => i.failure.code)).toEqual(
      expect.arrayContaining(['not_csv', 'empty_file', 'no_rows']),
    );
  });

  it('reports rows that are not valid CSV and goes on with the rest', async () => {
    const lines = toCsv([childRow(), childRow(), childRow()]).split('\n');
    const extra = `${lines[2]},sms,extra`;
    const unclosed = lines[3].replace('Ana,', 'Ana,"Tzoc,');
    const broken = `${lines[0]}\n${lines[1]}\n${extra}\n${lines[3].replace('Ana,Tzoc', '"Ana" ,Tz"oc')}\n${unclosed}\n`;
    const report = (await post(await t.login('coordinator'), broken).expect(200)).body as Report;
    expect(report).toMatchObject({ total: 4, created: 2, failed: 2 });
    expect(report.errors).toEqual([
      { row: 3, field: null, message: 'the row has 29 values but the header names 27 columns' },
      { row: 5, field: null, message: 'a quoted value is never closed (the file ends inside quotes)' },
    ]);
  });

  it('shows the import afterwards at GET /imports/:id and in the list', async () => {
    const report = (await post(coordinator, toCsv([childRow(), childRow({ zip: '00000' })])).expect(200))
      .body as Report;
    const view = await t.http().get(`/imports/${report.id}`).set(coordinator.auth).expect(200);
    expect(view.body).toMatchObject({
      id: report.id,
      kind: 'children',
      mode: 'sync',
      status: 'completed',
      fileName: 'children.csv',
      total: 2,
      processedRows: 2,
      created: 1,
      failed: 1,
      errors: [{ row: 3, field: 'zip' }],
      failure: null,
    });
    const list = await t
      .http()
      .get('/imports')
      .query({ kind: 'children', limit: 5 })
      .set(coordinator.auth)
      .expect(200);
    expect(list.body.items[0]).toMatchObject({ id: report.id, errors: [] });
  });
});
