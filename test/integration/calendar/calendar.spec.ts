import { createHash } from 'node:crypto';
import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import { Session, startTestApp, TestApp } from '../../support/test-app';
import { assign, createAttorney, createCase } from '../hearings/support';

type Feed = Record<string, ical.CalendarComponent | ical.VCalendar | undefined>;

function events(text: string): ical.VEvent[] {
  const parsed = ical.sync.parseICS(text) as Feed;
  return Object.values(parsed).filter(
    (c): c is ical.VEvent => (c as { type?: string } | undefined)?.type === 'VEVENT',
  );
}

const text = (value: ical.ParameterValue | undefined): string =>
  typeof value === 'string' ? value : ((value as { val?: string } | undefined)?.val ?? '');

describe('calendar feeds', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Session;
  let attorney: Session & { attorneyId: string };
  let mine: string;
  let notMine: string;
  const hearingIds: Record<string, string> = {};

  const pathOf = (url: string) => new URL(url).pathname;
  const schedule = async (caseId: string, name: string, body: Record<string, unknown>) => {
    const res = await t.http().post(`/cases/${caseId}/hearings`).set(coordinator.auth).send(body).expect(201);
    hearingIds[name] = res.body.id;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://amparo.test' } });
    db = t.app.get(DataSource);
    coordinator = await t.login('coordinator');
    attorney = await createAttorney(t, coordinator);
    mine = (await createCase(t, coordinator, { child: { firstName: 'Ana', lastName: 'Tzoc' } })).caseId;
    notMine = (await createCase(t, coordinator, { child: { firstName: 'Bety', lastName: 'Xol' } })).caseId;
    await assign(db, mine, attorney.attorneyId);
    await schedule(mine, 'nyc', { hearingType: 'master', localDate: '2027-03-03', localTime: '09:00' });
    await schedule(mine, 'honolulu', {
      hearingType: 'individual',
      locationCourtCode: 'HON',
      localDate: '2027-07-01',
      localTime: '08:30',
      remote: true,
      remoteLink: 'https://eoir.webex.com/meet/ij.honolulu',
    });
    await schedule(mine, 'guam', {
      hearingType: 'master',
      locationCourtCode: 'AGA',
      localDate: '2027-03-15',
      localTime: '09:00',
    });
    await schedule(mine, 'fallBack', { hearingType: 'status', startsAt: '2026-11-01T01:30:00-05:00' });
    await schedule(mine, 'moved', { hearingType: 'master', localDate: '2027-04-06', localTime: '09:00' });
    await t
      .http()
      .patch(`/hearings/${hearingIds.moved}`)
      .set(coordinator.auth)
      .send({ localDate: '2027-04-20' })
      .expect(200);
    await schedule(mine, 'cancelled', { hearingType: 'master', localDate: '2027-05-11', localTime: '09:00' });
    await t
      .http()
      .post(`/hearings/${hearingIds.cancelled}/cancel`)
      .set(coordinator.auth)
      .send({ reason: 'vacated' })
      .expect(200);
    await schedule(notMine, 'other', { hearingType: 'master', localDate: '2027-03-04', localTime: '09:00' });
  });
  afterAll(() => t.close());

  it('gives an attorney a secret URL whose feed parses and whose times equal the stored instants', async () => {
    const created = await t.http().post('/calendar/feeds').set(attorney.auth).expect(201);
    expect(created.body).toMatchObject({
      ownerKind: 'attorney',
      attorneyId: attorney.attorneyId,
      active: true,
      replacedFeedId: null,
    });
    expect(created.body.url).toMatch(/^https:\/\/amparo\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = pathOf(created.body.url)
      .replace(/^\/calendar\//, '')
      .replace(/\.ics$/, '');
    const stored = (await db.query(`SELECT * FROM calendar_feeds WHERE id = $1`, [
      created.body.id,
    ])) as Record<string, unknown>[];
    expect(stored[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await t.http().get(pathOf(created.body.url)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const body = res.text;
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const parsed = events(body);
    const rows = (await db.query(
      `SELECT h.id, h.starts_at, h.version, h.status, k.id AS case_id FROM hearings h JOIN cases k ON k.id = h.case_id`,
    )) as { id: string; starts_at: Date; version: number; status: string; case_id: string }[];
    const hearingEvents = parsed.filter((e) => e.uid.startsWith('hearing-'));
    expect(hearingEvents).toHaveLength(rows.filter((r) => r.case_id === mine).length);
    for (const row of rows.filter((r) => r.case_id === mine)) {
      const event = hearingEvents.find((e) => e.uid === `hearing-${row.id}@amparo.test`);
      expect(event).toBeDefined();
      expect(event!.start.getTime()).toBe(row.starts_at.getTime());
      expect(Number(event!.sequence)).toBe(row.version);
      expect(event!.status).toBe(row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
    }
    expect(parsed.map((e) => e.uid)).not.toContain(`hearing-${hearingIds.other}@amparo.test`);

    const nyc = hearingEvents.find((e) => e.uid.startsWith(`hearing-${hearingIds.nyc}`))!;
    expect(text(nyc.summary)).toBe(
      'Master calendar hearing: Ana T. — New York - Federal Plaza Immigration Court',
    );
    expect(text(nyc.location)).toContain('26 Federal Plaza');
    expect(text(nyc.description)).toContain('Wed, Mar 3, 2027, 9:00 AM EST');
    expect(nyc.start.tz).toBe('America/New_York');
    const honolulu = hearingEvents.find((e) => e.uid.startsWith(`hearing-${hearingIds.honolulu}`))!;
    expect(text(honolulu.location)).toBe('https://eoir.webex.com/meet/ij.honolulu');
    expect(Number(hearingEvents.find((e) => e.uid.startsWith(`hearing-${hearingIds.moved}`))!.sequence)).toBe(
      2,
    );

    expect(body).toContain('DTSTART;TZID=America/New_York:20270303T090000');
    expect(body).toContain('DTSTART;TZID=Pacific/Honolulu:20270701T083000');
    expect(body).toContain('DTSTART;TZID=Pacific/Guam:20270315T090000');
    // 01:30 on the fall-back night happens twice: TZID cannot say which, so it is written in UTC.
    expect(body).toContain('DTSTART:20261101T063000Z');
    for (const zone of ['America/New_York', 'Pacific/Honolulu', 'Pacific/Guam'])
      expect(body).toContain(`TZID:${zone}`);

    // Open deadlines as all-day events: the filing deadline 15 days before the NYC master hearing.
    const filing = parsed.find(
      (e) =>
        text(e.summary).startsWith('Due: Filings due before the master') &&
        text(e.description).includes('2027-02-16'),
    );
    expect(filing).toBeDefined();
    expect(filing!.datetype).toBe('date');
    expect(body).toContain('DTSTART;VALUE=DATE:20270216');

    // No A-number, contact details or full names.
    const child = (await db.query(`SELECT id FROM children ORDER BY created_at LIMIT 1`)) as { id: string }[];
    const detail = await t.http().get(`/children/${child[0].id}`).set(coordinator.auth).expect(200);
    for (const secret of [
      detail.body.aNumber,
      detail.body.aNumber.replace(/\D/g, ''),
      detail.body.phone,
      detail.body.email,
      '41-12 Junction',
      'Tzoc',
      'Rosa',
    ]) {
      expect(body).not.toContain(secret);
    }
    const audit = (await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'calendar.feed_read' AND entity_id = $1`,
      [created.body.id],
    )) as { n: number }[];
    expect(audit[0].n).toBe(1);
  });

  it('rotates: a new URL replaces the old one, which stops working', async () => {
    const first = await t.http().post('/calendar/feeds').set(attorney.auth).expect(201);
    const second = await t.http().post('/calendar/feeds').set(attorney.auth).expect(201);
    expect(second.body.replacedFeedId).toBe(first.body.id);
    const gone = await t.http().get(pathOf(first.body.url)).expect(404);
    expect(gone.body.code).toBe('calendar_feed_not_found');
    await t.http().get(pathOf(second.body.url)).expect(200);
    const list = await t.http().get('/calendar/feeds').set(attorney.auth).expect(200);
    expect(list.body.filter((f: { active: boolean }) => f.active)).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(pathOf(second.body.url));
  });

  it('revokes: the URL answers 404 at once; only the owner can revoke', async () => {
    const created = await t.http().post('/calendar/feeds').set(attorney.auth).expect(201);
    const stranger = await t.login('coordinator');
    await t.http().delete(`/calendar/feeds/${created.body.id}`).set(stranger.auth).expect(404);
    await t.http().get(pathOf(created.body.url)).expect(200);
    await t.http().delete(`/calendar/feeds/${created.body.id}`).set(attorney.auth).expect(204);
    await t.http().get(pathOf(created.body.url)).expect(404);
    await t.http().get('/calendar/not-a-real-token-at-all-xxxxxxx.ics').expect(404);
    await t.http().get('/calendar/%20.ics').expect(404);
  });

  it('gives a coordinator one feed for the organization, with every open case', async () => {
    const created = await t.http().post('/calendar/feeds').set(coordinator.auth).expect(201);
    expect(created.body).toMatchObject({
      ownerKind: 'organization',
      organizationId: coordinator.organizationId,
    });
    const res = await t.http().get(pathOf(created.body.url)).expect(200);
    const uids = events(res.text).map((e) => e.uid);
    expect(uids).toContain(`hearing-${hearingIds.nyc}@amparo.test`);
    expect(uids).toContain(`hearing-${hearingIds.other}@amparo.test`);
    const stranger = await t.login('coordinator');
    const theirs = await t.http().post('/calendar/feeds').set(stranger.auth).expect(201);
    const empty = await t.http().get(pathOf(theirs.body.url)).expect(200);
    expect(events(empty.text)).toHaveLength(0);
    const admin = await t.login('admin');
    await t.http().post('/calendar/feeds').set(admin.auth).expect(403);
  });
});
