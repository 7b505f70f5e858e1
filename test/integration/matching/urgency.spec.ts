import { todayIn } from '../../../src/time';
import { MatchingFixture } from './support';

interface UrgentItem {
  id: string;
  status: string;
  urgency: {
    daysToNextHearing: number | null;
    daysToNextDeadline: number | null;
    daysToAgeOut: number | null;
    days: number | null;
    reason: string | null;
  };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('the urgent queue: GET /cases?status=seeking_counsel&sort=urgency', () => {
  let f: MatchingFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    f = await MatchingFixture.start();
    ids.quiet = (await f.seekingCase()).caseId;
    ids.hearing = (await f.seekingCase()).caseId;
    ids.deadline = (await f.seekingCase()).caseId;
    // A Houston child three days short of Texas's SIJS age limit (18), in the Houston court.
    const houstonToday = todayIn('America/Chicago', new Date());
    const dateOfBirth = addDays(`${Number(houstonToday.slice(0, 4)) - 18}${houstonToday.slice(4)}`, 3);
    ids.ageOut = (
      await f.seekingCase({
        child: { dateOfBirth, address: { street: '1 Main St', zip: '77002' } },
        courtCode: 'HOU',
      })
    ).caseId;
    await f.query(
      `INSERT INTO hearings (case_id, court_code, location_court_code, hearing_type, starts_at, time_zone)
       VALUES ($1, 'NYC', 'NYC', 'master',
               ((now() AT TIME ZONE 'America/New_York')::date + 10 + time '12:00') AT TIME ZONE 'America/New_York',
               'America/New_York')`,
      [ids.hearing],
    );
    await f.query(
      `INSERT INTO deadlines (case_id, key, rule_id, origin, trigger_kind, trigger_ref, due_date, remind_by, time_zone,
                              actor, title)
       VALUES ($1, 'test-filing', 'manual', 'manual', 'manual', 'test', (now() AT TIME ZONE 'America/New_York')::date + 5,
               (now() AT TIME ZONE 'America/New_York')::date + 4, 'America/New_York', 'counsel', 'File the brief')`,
      [ids.deadline],
    );
  });
  afterAll(() => f.close());

  const queue = (query: Record<string, unknown> = {}) =>
    f.t
      .http()
      .get('/cases')
      .query({ status: 'seeking_counsel', sort: 'urgency', limit: 50, ...query })
      .set(f.coordinator.auth);

  it('ranks by days to the next hearing, deadline or SIJS age-out, showing the days', async () => {
    const res = await queue().expect(200);
    const items = res.body.items as UrgentItem[];
    expect(res.body.total).toBe(4);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(ids.ageOut)!.urgency).toMatchObject({ daysToAgeOut: 3, days: 3, reason: 'age_out' });
    expect(byId.get(ids.hearing)!.urgency).toMatchObject({ daysToNextHearing: 10 });
    expect(byId.get(ids.deadline)!.urgency.daysToNextDeadline).toBeLessThanOrEqual(5);
    // A New York child of ~16 ages out of SIJS at 21: years away.
    expect(byId.get(ids.quiet)!.urgency.daysToAgeOut).toBeGreaterThan(365);
    for (const item of items) {
      const u = item.urgency;
      const known = [u.daysToNextHearing, u.daysToNextDeadline, u.daysToAgeOut].filter(
        (d): d is number => d !== null,
      );
      expect(u.days).toBe(known.length ? Math.min(...known) : null);
    }
    const days = items.map((i) => i.urgency.days ?? Infinity);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(items[0].id).toBe(ids.ageOut);
    expect(items.findIndex((i) => i.id === ids.deadline)).toBeLessThan(
      items.findIndex((i) => i.id === ids.hearing),
    );
  });

  it('pages in the same order and keeps the other filters and scope', async () => {
    const all = ((await queue().expect(200)).body.items as UrgentItem[]).map((i) => i.id);
    const page = await queue({ limit: 2, offset: 1 }).expect(200);
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect((page.body.items as UrgentItem[]).map((i) => i.id)).toEqual(all.slice(1, 3));
    const other = await f.t.login('coordinator');
    const theirs = await f.t.http().get('/cases').query({ sort: 'urgency' }).set(other.auth).expect(200);
    expect(theirs.body.total).toBe(0);
    const byCourt = await queue({ courtCode: 'HOU' }).expect(200);
    expect((byCourt.body.items as UrgentItem[]).map((i) => i.id)).toEqual([ids.ageOut]);
    // Other sorts are untouched and carry no urgency.
    const plain = await f.t
      .http()
      .get('/cases')
      .query({ sort: 'createdAt' })
      .set(f.coordinator.auth)
      .expect(200);
    expect(plain.body.items[0].urgency).toBeUndefined();
  });
});
