import { DataSource } from 'typeorm';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { QUEUE_BACKENDS, TestApp } from '../../support/test-app';
import { allFinal, countDeliveries, report } from './faults';
import {
  createFamilyCase,
  inSeconds,
  remindersOf,
  scheduleHearing,
  startReminderApp,
  waitUntil,
} from './support';

describe.each(QUEUE_BACKENDS)('fault: a storm of 100 reschedules of one hearing on %s', (backend) => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startReminderApp({ backend, sink });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('produces exactly one set of messages, for the final time', async () => {
    const coordinator = await t.login('coordinator');
    const family = await createFamilyCase(t, coordinator, { attorney: true });
    const hearingId = await scheduleHearing(t, coordinator, family.caseId, inSeconds(5 * 60 + 40));
    // 100 reschedules 0.1 s apart, ten at a time concurrently: they serialize on the hearing row, each bumps the
    // version. The reminders for every one of them would go out 15–25 s from now, after the storm.
    const base = Date.now() + (5 * 60 + 15) * 1000;
    let statuses: number[] = [];
    const stormStarted = Date.now();
    for (let burst = 0; burst < 10; burst++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .patch(`/hearings/${hearingId}`)
            .set(coordinator.auth)
            .send({
              startsAt: new Date(base + (burst * 10 + i) * 100).toISOString(),
              reason: `storm ${burst}.${i}`,
            }),
        ),
      );
      statuses = statuses.concat(results.map((r) => r.status));
    }
    const stormMs = Date.now() - stormStarted;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const hearing = await t.http().get(`/hearings/${hearingId}`).set(coordinator.auth).expect(200);
    expect(hearing.body.version).toBe(101);
    const finalStart = new Date(hearing.body.startsAt as string);

    const db = t.app.get(DataSource);
    await waitUntil(() => allFinal(db, [family.caseId]), Boolean, 120_000, 'the final reminders sent');
    await new Promise((r) => setTimeout(r, 1_500)); // anything stale would have arrived by now
    const rows = (await remindersOf(t, coordinator, family.caseId)).filter(
      (r) => r.subjectKind === 'hearing',
    );
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.map((r) => r.subjectVersion)).toEqual(['v101', 'v101', 'v101']);
    expect(sent.every((r) => new Date(r.sendAt).getTime() === finalStart.getTime() - 5 * 60_000)).toBe(true);
    expect(rows.filter((r) => r.status === 'scheduled')).toEqual([]);
    expect(rows.filter((r) => r.status === 'cancelled').length).toBe(300);

    const counts = await countDeliveries(db, sink, [family.caseId]);
    report(
      `100 reschedules of one hearing (${backend})`,
      counts,
      `${sink.messages.length} messages received in all; the storm took ${stormMs} ms`,
    );
    expect(counts).toMatchObject({ expected: 3, delivered: 3, lost: 0, duplicated: 0 });
    expect(sink.messages).toHaveLength(3);
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(
      [family.childEmail, family.sponsorEmail, family.attorneyEmail].sort(),
    );
  }, 240_000);
});
