import { DataSource } from 'typeorm';
import { CATALOGS, resolveTemplateLanguage } from '../../../src/reminders/templates';
import type { TaskView } from '../../../src/tasks/tasks.dto';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, Session, TestApp } from '../../support/test-app';
import {
  createFamilyCase,
  FamilyCase,
  inSeconds,
  PUBLIC_BASE_URL,
  remindersOf,
  rescheduleHearing,
  scheduleHearing,
  startReminderApp,
  waitUntil,
} from './support';

/** The policy says "5 minutes before": a hearing 5 min + LEAD s away is reminded LEAD s from now. */
const LEAD_S = 6;
const hearingSoon = (lead = LEAD_S) => inSeconds(5 * 60 + lead);

function greeting(language: string, audience: 'child' | 'sponsor', name: string): string {
  const catalog = CATALOGS[resolveTemplateLanguage(language).templateLanguage];
  return catalog.familyHearing[audience].greeting.replace('{name}', name);
}

describe.each(QUEUE_BACKENDS)('reminder pipeline end to end on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;
  let coordinator: Session;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink });
    coordinator = await t.login('coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it("reminds child, sponsor and attorney of a hearing, each in their language (K'iche' → Spanish + a call task)", async () => {
    const languages = ['eng', 'spa', 'por', 'fra', 'hat', 'quc'];
    const cases: { language: string; family: FamilyCase; hearingId: string; startsAt: Date }[] = [];
    for (const language of languages) {
      // The Spanish-speaking sponsor lives in Honolulu: their message also states the time on their own clock.
      const family = await createFamilyCase(t, coordinator, {
        childLanguage: language,
        attorney: true,
        sponsorZip: language === 'spa' ? '96813' : undefined,
      });
      const startsAt = hearingSoon();
      const hearingId = await scheduleHearing(t, coordinator, family.caseId, startsAt);
      cases.push({ language, family, hearingId, startsAt });
    }
    const addresses = cases.flatMap((c) => [
      c.family.childEmail,
      c.family.sponsorEmail,
      c.family.attorneyEmail!,
    ]);
    await sink.waitFor(
      (m) => addresses.every((a) => m.some((x) => x.to.includes(a))),
      60_000,
      'one message each',
    );

    for (const { language, family, hearingId } of cases) {
      const to = (address: string) => sink.messages.filter((m) => m.to.includes(address));
      const [child] = to(family.childEmail);
      const [sponsor] = to(family.sponsorEmail);
      const [attorney] = to(family.attorneyEmail!);
      expect(to(family.childEmail)).toHaveLength(1);
      expect(child.text).toContain(greeting(language, 'child', 'Ana'));
      expect(sponsor.text).toContain(greeting(language, 'sponsor', 'Ana'));
      // Families: a stop link in the text and in List-Unsubscribe; no case reference or A-number.
      for (const family_message of [child, sponsor]) {
        expect(family_message.text).toContain(`${PUBLIC_BASE_URL}/unsubscribe/`);
        expect(family_message.headers.get('list-unsubscribe')).toMatch(
          /^<https:\/\/amparo\.test\/unsubscribe\//,
        );
        expect(family_message.html).toContain('<');
        expect(family_message.text).not.toMatch(/AMP-|A-?\d{3}/);
      }
      // Counsel: English, with the case link and the client's full name.
      expect(attorney.text).toContain(`${PUBLIC_BASE_URL}/cases/${family.caseId}`);
      expect(attorney.text).toContain('Ana Tzoc');
      // The sink sees a message a moment before the worker records the send; wait for the records, briefly.
      const rows = await waitUntil(
        () => remindersOf(t, coordinator, family.caseId),
        (list) => list.filter((r) => r.subjectId === hearingId).every((r) => r.status !== 'scheduled'),
        15_000,
        'the hearing reminders recorded',
      );
      const forHearing = rows.filter((r) => r.subjectId === hearingId);
      expect(forHearing.map((r) => [r.recipientRole, r.status]).sort()).toEqual([
        ['attorney', 'sent'],
        ['child', 'sent'],
        ['sponsor', 'sent'],
      ]);
      const childRow = forHearing.find((r) => r.recipientRole === 'child')!;
      expect(childRow.templateLanguage).toBe(language === 'quc' ? 'spa' : language);
      expect(childRow.callNeeded).toBe(language === 'quc');
      expect(child.headers.get('x-amparo-reminder')).toBe(childRow.id);
    }
    const spanish = cases.find((c) => c.language === 'spa')!;
    const sponsorInHonolulu = sink.messages.find((m) => m.to.includes(spanish.family.sponsorEmail))!;
    expect(sponsorInHonolulu.text).toContain(
      CATALOGS.spa.familyHearing.sponsor.whenLocal.split('{')[0].trim(),
    );
    const english = cases.find((c) => c.language === 'eng')!;
    expect(sink.messages.find((m) => m.to.includes(english.family.childEmail))!.text).not.toContain(
      'In your time zone',
    );

    const kiche = cases.find((c) => c.language === 'quc')!;
    const tasks = await t
      .http()
      .get('/tasks')
      .query({ caseId: kiche.family.caseId })
      .set(coordinator.auth)
      .expect(200);
    const calls = (tasks.body.items as TaskView[]).filter((task) => task.kind === 'call_needed');
    expect(calls.map((c) => c.recipientRole).sort()).toEqual(['child', 'sponsor']);
    expect(calls[0].title).toMatch(/K'iche'|quc/);
  });

  it('a moved hearing is reminded only for its new time; a cancelled one not at all', async () => {
    const moved = await createFamilyCase(t, coordinator, { attorney: true });
    const cancelled = await createFamilyCase(t, coordinator);
    const firstTime = inSeconds(5 * 60 + 6);
    const hearingId = await scheduleHearing(t, coordinator, moved.caseId, firstTime);
    const doomed = await scheduleHearing(t, coordinator, cancelled.caseId, inSeconds(5 * 60 + 6));
    const before = await remindersOf(t, coordinator, moved.caseId);
    expect(before.filter((r) => r.status === 'scheduled')).toHaveLength(3);

    const newTime = inSeconds(5 * 60 + 12);
    await rescheduleHearing(t, coordinator, hearingId, newTime);
    await t
      .http()
      .post(`/hearings/${doomed}/cancel`)
      .set(coordinator.auth)
      .send({ reason: 'court closed' })
      .expect((res) => expect([200, 201]).toContain(res.status));

    const after = await remindersOf(t, coordinator, moved.caseId);
    expect(after.filter((r) => r.subjectVersion === 'v1').map((r) => [r.status, r.statusReason])).toEqual([
      ['cancelled', 'rescheduled'],
      ['cancelled', 'rescheduled'],
      ['cancelled', 'rescheduled'],
    ]);
    const addresses = [moved.childEmail, moved.sponsorEmail, moved.attorneyEmail!];
    await sink.waitFor(
      (m) => addresses.every((a) => m.some((x) => x.to.includes(a))),
      60_000,
      'moved reminders',
    );
    // Give the cancelled hearing's old send time time to pass.
    await new Promise((r) => setTimeout(r, 2_000));
    const mine = sink.messages.filter((m) => addresses.some((a) => m.to.includes(a)));
    expect(mine).toHaveLength(3);
    const rows = await remindersOf(t, coordinator, moved.caseId);
    const sentIds = rows.filter((r) => r.status === 'sent').map((r) => r.id);
    expect(rows.filter((r) => r.status === 'sent').every((r) => r.subjectVersion === 'v2')).toBe(true);
    expect(mine.map((m) => m.headers.get('x-amparo-reminder')).sort()).toEqual(sentIds.sort());
    expect(
      sink.messages.filter((m) =>
        [cancelled.childEmail, cancelled.sponsorEmail].some((a) => m.to.includes(a)),
      ),
    ).toEqual([]);
    const gone = await remindersOf(t, coordinator, cancelled.caseId);
    expect(gone.map((r) => [r.status, r.statusReason])).toEqual([
      ['cancelled', 'hearing_cancelled'],
      ['cancelled', 'hearing_cancelled'],
    ]);
  });

  it('a stop link stops that recipient on that channel, answers in their language, and tells the coordinator', async () => {
    const family = await createFamilyCase(t, coordinator, { childLanguage: 'por' });
    await scheduleHearing(t, coordinator, family.caseId, hearingSoon());
    await sink.waitFor((m) => m.some((x) => x.to.includes(family.sponsorEmail)), 60_000, 'sponsor message');
    const message = sink.messages.find((m) => m.to.includes(family.sponsorEmail))!;
    const link = /https:\/\/amparo\.test(\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(message.text)![1];

    // Opening the link only asks (mail scanners open links); the button POSTs.
    const ask = await t.http().get(link).expect(200);
    expect(ask.headers['content-type']).toMatch(/text\/html/);
    expect(ask.text).toContain('lang="pt');
    expect(ask.text).toContain(CATALOGS.por.stopPage.confirmEmail);
    const page = await t.http().post(link).type('form').send('').expect(200);
    expect(page.text).toContain(CATALOGS.por.stopConfirmation.stoppedEmail);
    await t.http().post(link).expect(200); // using it again is harmless
    await t.http().get('/unsubscribe/forged.token').expect(404);
    const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await t.http().get(tampered).expect(404);

    // A new hearing: the child hears about it, the sponsor who stopped does not.
    sink.clear();
    const second = await scheduleHearing(t, coordinator, family.caseId, hearingSoon(3));
    await sink.waitFor((m) => m.some((x) => x.to.includes(family.childEmail)), 60_000, 'child message');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.messages.filter((m) => m.to.includes(family.sponsorEmail))).toEqual([]);
    const rows = (await remindersOf(t, coordinator, family.caseId)).filter((r) => r.subjectId === second);
    expect(rows.map((r) => r.recipientRole)).toEqual(['child']);

    const tasks = await t
      .http()
      .get('/tasks')
      .query({ caseId: family.caseId })
      .set(coordinator.auth)
      .expect(200);
    const stopped = (tasks.body.items as TaskView[]).filter((task) => task.kind === 'family_stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0].recipientRole).toBe('sponsor');
    const done = await t
      .http()
      .patch(`/tasks/${stopped[0].id}`)
      .set(coordinator.auth)
      .send({ status: 'done', note: 'Sponsor prefers a phone call' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', note: 'Sponsor prefers a phone call' });
    const other = await t.login('coordinator');
    await t.http().patch(`/tasks/${stopped[0].id}`).set(other.auth).send({ status: 'open' }).expect(404);
    expect((await t.http().get('/tasks').set(other.auth).expect(200)).body.total).toBe(0);
  });

  it('a family nobody can reach close to a hearing becomes a coordinator task', async () => {
    const unreachable = await createFamilyCase(t, coordinator, {
      child: { reminderConsent: false },
      sponsor: { reminderChannels: [] },
    });
    await scheduleHearing(t, coordinator, unreachable.caseId, inSeconds(48 * 3600));
    // Escalation waits REMINDER_ESCALATION_GRACE after a change; make the hearing look older.
    await t.app
      .get(DataSource)
      .query(`UPDATE hearings SET updated_at = now() - interval '2 hours' WHERE case_id = $1`, [
        unreachable.caseId,
      ]);
    const tasks = await waitUntil(
      async () =>
        (await t.http().get('/tasks').query({ caseId: unreachable.caseId }).set(coordinator.auth)).body
          .items as TaskView[],
      (items) => items.some((task) => task.kind === 'family_unreachable'),
      30_000,
      'family_unreachable task',
    );
    expect(tasks.find((task) => task.kind === 'family_unreachable')!.title).toMatch(
      /No reminder has reached Ana/,
    );
  });
});
