import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { describeInstant } from '../../../src/time';
import { StopLinks } from '../../../src/reminders/stop-links';
import { CATALOGS, escapeHtml, TEMPLATE_LANGUAGES } from '../../../src/reminders/templates';
import type { TaskView } from '../../../src/tasks/tasks.dto';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import {
  createFamilyCase,
  FamilyCase,
  inSeconds,
  remindersOf,
  rescheduleHearing,
  scheduleHearing,
  startReminderApp,
} from './support';

/** The policy says "5 minutes before": a hearing 5 min + lead s away is reminded lead s from now. */
const hearingIn = (leadSeconds: number) => inSeconds(5 * 60 + leadSeconds);

describe.each(QUEUE_BACKENDS)('stop links and the way back on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let db: DataSource;
  let coordinator: Session;

  const tokenFor = (recipientKey: string, language = 'spa', channel: 'email' | 'sms' = 'email') =>
    t.app.get(StopLinks).token({ recipientKey, channel, language });
  const stopsOf = async (recipientKey: string) =>
    (await db.query(`SELECT channel, via FROM reminder_stops WHERE recipient_key = $1`, [recipientKey])) as {
      channel: string;
      via: string;
    }[];
  const arrived = (address: string) => sink.messages.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink });
    db = t.app.get(DataSource);
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('opening a stop link (GET or HEAD, as scanners and previewers do) changes nothing: reminders still arrive', async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'hat' });
    await scheduleHearing(t, coordinator, family.caseId, hearingIn(8));
    for (const key of [`child:${family.childId}`, `sponsor:${family.sponsorId}`]) {
      const path = `/unsubscribe/${tokenFor(key, 'hat')}`;
      for (let i = 0; i < 3; i++) {
        const page = await t.http().get(path).expect(200);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.text).toContain('lang="ht"');
        expect(page.text).toContain(escapeHtml(CATALOGS.hat.stopPage.confirmTitle));
        expect(page.text).toContain(`<form method="post" action="${path}">`);
        expect(page.text).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
        await t.http().head(path).expect(200);
      }
      expect(await stopsOf(key)).toEqual([]);
    }
    const rows = await remindersOf(t, coordinator, family.caseId);
    expect(rows.filter((r) => r.status === 'cancelled')).toEqual([]);
    await sink.waitFor(
      () => arrived(family.childEmail).length > 0 && arrived(family.sponsorEmail).length > 0,
      60_000,
      'both family reminders',
    );
  });

  it('asks in each of the five languages, escaping everything', async () => {
    for (const language of TEMPLATE_LANGUAGES) {
      const catalog = CATALOGS[language];
      const page = await t
        .http()
        .get(`/unsubscribe/${tokenFor('sponsor:00000000-0000-0000-0000-000000000001', language, 'sms')}`)
        .expect(200);
      expect(page.text).toContain(`lang="${catalog.htmlLang}"`);
      expect(page.text).toContain(escapeHtml(catalog.stopPage.confirmSms));
      expect(page.text).toContain(escapeHtml(catalog.stopPage.stopButton));
    }
  });

  it('the form POST stops, and the page offers to start again, which re-plans and delivers', async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'fra' });
    const childKey = `child:${family.childId}`;
    await scheduleHearing(t, coordinator, family.caseId, hearingIn(25));
    const path = `/unsubscribe/${tokenFor(childKey, 'fra')}`;

    const stopped = await t.http().post(path).type('form').send('').expect(200);
    expect(stopped.text).toContain(escapeHtml(CATALOGS.fra.stopConfirmation.stoppedEmail));
    expect(stopped.text).toContain(escapeHtml(CATALOGS.fra.stopPage.restartOffer));
    expect(stopped.text).toContain(`<form method="post" action="${path}/restart">`);
    expect(await stopsOf(childKey)).toEqual([{ channel: 'email', via: 'link' }]);
    const cancelled = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.recipientKey === childKey,
    );
    expect(cancelled.map((r) => [r.status, r.statusReason])).toEqual([['cancelled', 'stopped']]);
    // Opening the link again now shows the stopped page (with "start again"), still changing nothing.
    expect((await t.http().get(path).expect(200)).text).toContain(
      escapeHtml(CATALOGS.fra.stopPage.restartButton),
    );

    const restarted = await t.http().post(`${path}/restart`).type('form').send('').expect(200);
    expect(restarted.text).toContain(escapeHtml(CATALOGS.fra.stopPage.restartedEmail));
    expect(await stopsOf(childKey)).toEqual([]);
    const again = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.recipientKey === childKey,
    );
    expect(again.map((r) => r.status)).toEqual(['scheduled']);
    await sink.waitFor(() => arrived(family.childEmail).length > 0, 60_000, 'child reminder after restart');

    const audit = (await db.query(
      `SELECT action, details FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`,
      [childKey],
    )) as { action: string; details: { via: string } }[];
    expect(audit.map((a) => [a.action, a.details.via])).toEqual([
      ['reminder.stop', 'link'],
      ['reminder.restart', 'link'],
    ]);
  });

  it("one-click POST from the e-mail's List-Unsubscribe header stops, without login or cookies", async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'eng' });
    await scheduleHearing(t, coordinator, family.caseId, hearingIn(3));
    await sink.waitFor(() => arrived(family.sponsorEmail).length > 0, 60_000, 'sponsor reminder');
    const message = arrived(family.sponsorEmail)[0];
    expect(message.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const header = String(message.headers.get('list-unsubscribe'));
    const path = /^<https:\/\/amparo\.test(\/unsubscribe\/[A-Za-z0-9_.-]+)>$/.exec(header)![1];
    await t.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await stopsOf(`sponsor:${family.sponsorId}`)).toEqual([{ channel: 'email', via: 'one_click' }]);

    sink.clear();
    const second = await scheduleHearing(t, coordinator, family.caseId, hearingIn(3));
    await sink.waitFor(() => arrived(family.childEmail).length > 0, 60_000, 'child reminder');
    expect(arrived(family.sponsorEmail)).toEqual([]);
    const rows = (await remindersOf(t, coordinator, family.caseId)).filter((r) => r.subjectId === second);
    expect(rows.map((r) => r.recipientRole)).toEqual(['child']);
  });

  it("a coordinator of the child's organization turns a stopped channel back on (audited); others get 404", async () => {
    const family = await createFamilyCase(t, coordinator);
    const sponsorKey = `sponsor:${family.sponsorId}`;
    await scheduleHearing(t, coordinator, family.caseId, inSeconds(3 * 86400));
    await t
      .http()
      .post(`/unsubscribe/${tokenFor(sponsorKey)}`)
      .expect(200);
    const tasks = async () =>
      (
        (await t.http().get('/tasks').query({ caseId: family.caseId, status: 'all' }).set(coordinator.auth))
          .body.items as TaskView[]
      )
        .filter((task) => task.kind === 'family_stopped')
        .map((task) => task.status);
    expect(await tasks()).toEqual(['open']);

    const stranger = await t.login('coordinator');
    const attorney = await t.login('attorney');
    await t.http().get(`/children/${family.childId}/reminder-stops`).set(stranger.auth).expect(404);
    await t.http().get(`/children/${family.childId}/reminder-stops`).set(attorney.auth).expect(403);
    const list = await t
      .http()
      .get(`/children/${family.childId}/reminder-stops`)
      .set(coordinator.auth)
      .expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ recipientRole: 'sponsor', channel: 'email', via: 'link' }),
    ]);
    const stopId = (list.body as { id: string }[])[0].id;
    await t.http().delete(`/reminder-stops/${stopId}`).set(stranger.auth).expect(404);
    await t.http().delete(`/reminder-stops/${stopId}`).set(attorney.auth).expect(403);
    expect(await stopsOf(sponsorKey)).toHaveLength(1);

    const restarted = await t.http().delete(`/reminder-stops/${stopId}`).set(coordinator.auth).expect(200);
    expect(restarted.body.stop).toMatchObject({ id: stopId, recipientKey: sponsorKey });
    expect(restarted.body.replanned.revived).toBeGreaterThan(0);
    expect(await stopsOf(sponsorKey)).toEqual([]);
    const rows = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.recipientKey === sponsorKey,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'scheduled')).toBe(true);
    expect(await tasks()).toEqual(['done']);
    await t.http().delete(`/reminder-stops/${stopId}`).set(coordinator.auth).expect(404); // already on

    const admin = await t.login('admin');
    const audit = await t
      .http()
      .get('/audit')
      .query({ action: 'reminder.restart', entityId: sponsorKey })
      .set(admin.auth)
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actorUserId: coordinator.userId,
        details: expect.objectContaining({ channel: 'email', via: 'staff' }),
      }),
    ]);

    // Stopping again after starting again is news for the coordinator: a new task.
    await t
      .http()
      .post(`/unsubscribe/${tokenFor(sponsorKey)}`)
      .expect(200);
    expect((await tasks()).sort()).toEqual(['done', 'open']);
  });

  it('a tampered, truncated or forged token is a 404 on every stop route and changes nothing', async () => {
    const family = await createFamilyCase(t, coordinator);
    const key = `child:${family.childId}`;
    const token = tokenFor(key);
    const before = (await db.query(`SELECT count(*)::int AS n FROM reminder_stops`)) as { n: number }[];
    const mutated = fc.sample(
      fc.oneof(
        fc
          .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCDEFabcdef0123456789-_.'))
          .map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1))
          .filter((x) => x !== token),
        fc.nat({ max: token.length - 1 }).map((n) => token.slice(0, n)),
        fc.string({ minLength: 1, maxLength: 80 }).map((s) => `${token}${s}`),
        fc.constant(`${token.split('.')[0]}.${'A'.repeat(43)}`),
        fc.constant('<script>alert(1)</script>'),
      ),
      { numRuns: 25, seed: 10 },
    );
    for (const bad of mutated) {
      const path = `/unsubscribe/${encodeURIComponent(bad)}`;
      const got = await t.http().get(path);
      expect([got.status, bad]).toEqual([404, bad]);
      expect(got.text).not.toContain('<script>');
      expect((await t.http().head(path)).status).toBe(404);
      expect((await t.http().post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(404);
      expect((await t.http().post(`${path}/restart`)).status).toBe(404);
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM reminder_stops`)).toEqual(before);
  });

  describe('a family no reminder can reach', () => {
    const unreachable = (c: Config) =>
      !(c.childConsent && c.childChannels.length > 0) && c.sponsorChannels.length === 0;
    type Config = { childConsent: boolean; childChannels: string[]; sponsorChannels: string[] };
    const channelsArb = fc.subarray(['email', 'sms']);

    it('is a warning on the hearing create/update response and one coordinator task at once, however often it moves', async () => {
      const configs = fc.sample(
        fc.record({ childConsent: fc.boolean(), childChannels: channelsArb, sponsorChannels: channelsArb }),
        { numRuns: 10, seed: 11 },
      );
      // Both outcomes, whatever the sample.
      configs.push({ childConsent: false, childChannels: ['email'], sponsorChannels: [] });
      configs.push({ childConsent: true, childChannels: [], sponsorChannels: ['sms'] });
      for (const config of configs) {
        const family: FamilyCase = await createFamilyCase(t, coordinator, {
          child: { reminderConsent: config.childConsent, reminderChannels: config.childChannels },
          sponsor: { reminderChannels: config.sponsorChannels },
        });
        const startsAt = inSeconds(20 * 86400);
        const created = await t
          .http()
          .post(`/cases/${family.caseId}/hearings`)
          .set(coordinator.auth)
          .send({ hearingType: 'master', startsAt: startsAt.toISOString() })
          .expect(201);
        const warnings = (created.body.warnings ?? []) as { code: string; people?: unknown[] }[];
        const expected = unreachable(config);
        expect({ config, warned: warnings.some((w) => w.code === 'family_unreachable_no_channel') }).toEqual({
          config,
          warned: expected,
        });
        const open = async () =>
          (
            (await t.http().get('/tasks').query({ caseId: family.caseId }).set(coordinator.auth)).body
              .items as TaskView[]
          ).filter((task) => task.kind === 'family_unreachable' && task.status === 'open');
        if (!expected) {
          expect(await open()).toEqual([]);
          continue;
        }
        const warning = warnings.find((w) => w.code === 'family_unreachable_no_channel')!;
        expect(warning.people).toEqual([
          expect.objectContaining({ role: 'child', id: family.childId }),
          expect.objectContaining({ role: 'sponsor', id: family.sponsorId }),
        ]);
        const first = await open();
        expect(first).toHaveLength(1);
        expect(first[0].title).toContain(describeInstant(startsAt, 'America/New_York').display);
        // Moved three times: still one open task, about the latest time.
        let latest = startsAt;
        for (let i = 1; i <= 3; i++) {
          latest = inSeconds((20 + i) * 86400);
          const moved = await t
            .http()
            .patch(`/hearings/${created.body.id}`)
            .set(coordinator.auth)
            .send({ startsAt: latest.toISOString(), reason: 'new notice' })
            .expect(200);
          expect((moved.body.warnings as { code: string }[]).map((w) => w.code)).toContain(
            'family_unreachable_no_channel',
          );
        }
        const after = await open();
        expect(after).toHaveLength(1);
        expect(after[0].id).toBe(first[0].id);
        expect(after[0].title).toContain(describeInstant(latest, 'America/New_York').display);
        expect(
          (
            await db.query(
              `SELECT count(*)::int AS n FROM coordinator_tasks WHERE subject_id = $1 AND kind = 'family_unreachable'`,
              [created.body.id],
            )
          )[0].n,
        ).toBe(1);
      }
    });
  });

  it("a call_needed task names the hearing's local time as hearings show it, not a UTC instant", async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'quc' });
    const instants = fc.sample(fc.integer({ min: 2 * 86400, max: 300 * 86400 }), { numRuns: 4, seed: 12 });
    for (const seconds of instants) {
      const startsAt = inSeconds(seconds);
      const hearingId = await scheduleHearing(t, coordinator, family.caseId, startsAt);
      await rescheduleHearing(t, coordinator, hearingId, new Date(startsAt.getTime() + 3600_000));
      const tasks = (
        (
          await t
            .http()
            .get('/tasks')
            .query({ caseId: family.caseId, status: 'all', limit: 100 })
            .set(coordinator.auth)
        ).body.items as TaskView[]
      ).filter(
        (task) => task.kind === 'call_needed' && task.status === 'open' && task.subjectId === hearingId,
      );
      expect(tasks.length).toBeGreaterThan(0);
      const display = describeInstant(new Date(startsAt.getTime() + 3600_000), 'America/New_York').display;
      for (const task of tasks) {
        expect(task.title).toContain(`the hearing on ${display}`);
        expect(task.title).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      }
    }
  });
});
