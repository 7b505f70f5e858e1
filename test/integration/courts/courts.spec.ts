import { startTestApp, TestApp } from '../../support/test-app';

describe('reference data: courts and languages', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${(await t.login('attorney')).token}` };
  });
  afterAll(() => t.close());

  it('lists active courts with IANA zones and coordinates', async () => {
    const res = await t.http().get('/courts').set(auth).expect(200);
    const courts = res.body as {
      code: string;
      status: string;
      timeZone: string;
      latitude: number;
      state: string;
    }[];
    expect(courts.length).toBeGreaterThan(60);
    expect(new Set(courts.map((c) => c.status))).toEqual(new Set(['active', 'active-limited']));
    for (const c of courts)
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone })).not.toThrow();
    const everyCourt = await t.http().get('/courts?status=all').set(auth).expect(200);
    const zones = new Set((everyCourt.body as { timeZone: string }[]).map((c) => c.timeZone));
    for (const zone of [
      'America/Phoenix',
      'Pacific/Honolulu',
      'America/Puerto_Rico',
      'Pacific/Guam',
      'Pacific/Saipan',
    ]) {
      expect(zones).toContain(zone);
    }
  });

  it('filters by state and status', async () => {
    const ny = await t.http().get('/courts?state=ny').set(auth).expect(200);
    expect(ny.body.length).toBeGreaterThan(0);
    expect(new Set((ny.body as { state: string }[]).map((c) => c.state))).toEqual(new Set(['NY']));
    const all = await t.http().get('/courts?status=all').set(auth).expect(200);
    const closed = await t.http().get('/courts?status=closed').set(auth).expect(200);
    expect(closed.body.length).toBeGreaterThan(0);
    expect(all.body.length).toBeGreaterThan(closed.body.length);
    const bad = await t.http().get('/courts?state=New%20York').set(auth).expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await t.http().get('/courts?status=open').set(auth).expect(400);
  });

  it('returns one court by EOIR code, in any case', async () => {
    const res = await t.http().get('/courts/nyc').set(auth).expect(200);
    expect(res.body).toMatchObject({ code: 'NYC', state: 'NY', timeZone: 'America/New_York' });
    const missing = await t.http().get('/courts/ZZZ').set(auth).expect(404);
    expect(missing.body.code).toBe('court_not_found');
  });

  it('lists languages by ISO 639-3 with EOIR codes kept separate', async () => {
    const res = await t.http().get('/languages').set(auth).expect(200);
    const byCode = new Map(
      (res.body as { code: string; eoirCode: string | null; name: string }[]).map((l) => [l.code, l]),
    );
    expect(byCode.get('quc')).toMatchObject({ name: "K'iche'", eoirCode: 'QUI' });
    expect(byCode.get('hat')).toMatchObject({ eoirCode: 'CRE' });
    expect(byCode.get('spa')).toMatchObject({ eoirCode: 'SP' });
    expect(byCode.has('cre')).toBe(false); // EOIR's CRE is Haitian Creole, not ISO Cree
    for (const code of byCode.keys()) expect(code).toMatch(/^[a-z]{3}$/);
  });
});
