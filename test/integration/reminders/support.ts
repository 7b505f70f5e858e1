import { DataSource } from 'typeorm';
import type { ReminderPolicy } from '../../../src/reminders/planning';
import type { ReminderView } from '../../../src/reminders/reminders.dto';
import type { SmtpSink } from '../../support/smtp-sink';
import { QueueBackend, Session, startTestApp, TestApp } from '../../support/test-app';
import { attorneyBody, childBody } from '../../support/intake-fixtures';

export const PUBLIC_BASE_URL = 'https://amparo.test';

const NOTHING = { child: [], sponsor: [], attorney: [], coordinator: [] };

/**
 * Every role hears once, `leadMinutes` before the hearing; no quiet hours (sends land at any hour of the run). A
 * machine slow enough to let that moment pass while the hearing is being created still gets one catch-up.
 */
export function shortPolicy(leadMinutes = 5): ReminderPolicy {
  const once = [{ kind: 'before' as const, minutes: leadMinutes }];
  return {
    hearing: { child: once, sponsor: once, attorney: once, coordinator: [] },
    deadline: { family: NOTHING, counsel: NOTHING },
    quietHours: null,
    minLeadMinutes: 1,
    catchUp: true,
  };
}

export interface ReminderTestOptions {
  backend: QueueBackend;
  sink: SmtpSink;
  role?: 'all' | 'api' | 'worker';
  policy?: ReminderPolicy;
  env?: Record<string, string>;
  shareWith?: TestApp;
  /** Receives every log line (see TestAppOptions.logs). */
  logs?: { write(line: string): void };
}

/** The application with reminders wired to the SMTP sink and short safety-net intervals. */
export function startReminderApp(options: ReminderTestOptions): Promise<TestApp> {
  return startTestApp({
    backend: options.backend,
    role: options.role,
    shareWith: options.shareWith,
    logs: options.logs,
    env: {
      SMTP_URL: options.sink.url,
      PUBLIC_BASE_URL,
      REMINDER_POLICY: JSON.stringify(options.policy ?? shortPolicy()),
      REMINDER_SWEEP_INTERVAL: '1s',
      REMINDER_BACKOFF: '1s',
      REMINDER_DUE_SLACK: '1s',
      // Sends at their exact time, unless a test is about the send-ahead window.
      REMINDER_SEND_AHEAD: '0s',
      // Catch-ups at once, unless a test is about their settle delay.
      REMINDER_CATCHUP_SETTLE: '0s',
      REMINDER_DIGEST: 'false',
      ...options.env,
    },
  });
}

export interface FamilyCase {
  caseId: string;
  childId: string;
  sponsorId: string;
  childEmail: string;
  sponsorEmail: string;
  attorneyEmail?: string;
  attorneyUserId?: string;
}

let serial = 0;

/** A child with a sponsor and a case at NYC (through the API), optionally represented by a new attorney. */
export async function createFamilyCase(
  t: TestApp,
  coordinator: Session,
  options: {
    childLanguage?: string;
    sponsorLanguage?: string;
    zip?: string;
    sponsorZip?: string;
    attorney?: boolean;
    childEmail?: string;
    sponsorEmail?: string;
    child?: Record<string, unknown>;
    sponsor?: Record<string, unknown>;
  } = {},
): Promise<FamilyCase> {
  const n = ++serial;
  const tag = `${Date.now().toString(36)}${n}`;
  const childEmail = options.childEmail ?? `child-${tag}@family.test`;
  const sponsorEmail = options.sponsorEmail ?? `sponsor-${tag}@family.test`;
  const base = childBody();
  const child = await t
    .http()
    .post('/children')
    .set(coordinator.auth)
    .send({
      ...base,
      email: childEmail,
      reminderLanguage: options.childLanguage ?? 'spa',
      address: { street: '41-12 Junction Blvd Apt 3', zip: options.zip ?? '11368' },
      ...options.child,
      sponsor: {
        ...(base.sponsor as Record<string, unknown>),
        email: sponsorEmail,
        preferredLanguage: options.sponsorLanguage ?? options.childLanguage ?? 'spa',
        address: { street: '41-12 Junction Blvd Apt 3', zip: options.sponsorZip ?? options.zip ?? '11368' },
        ...options.sponsor,
      },
    });
  if (child.status !== 201) throw new Error(`child: ${child.status} ${JSON.stringify(child.body)}`);
  const childId = (child.body as { id: string }).id;
  const legal = await t
    .http()
    .post('/cases')
    .set(coordinator.auth)
    .send({ childId, caseType: 'removal_defense', courtCode: 'NYC' });
  if (legal.status !== 201) throw new Error(`case: ${legal.status} ${JSON.stringify(legal.body)}`);
  const caseId = (legal.body as { id: string }).id;
  const db = t.app.get(DataSource);
  const [{ id: sponsorId }] = (await db.query(`SELECT id FROM sponsors WHERE child_id = $1`, [childId])) as {
    id: string;
  }[];
  const out: FamilyCase = { caseId, childId, sponsorId, childEmail, sponsorEmail };
  if (options.attorney) {
    const attorney = await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send(attorneyBody({ email: `atty-${tag}@counsel.test` }));
    if (attorney.status !== 201)
      throw new Error(`attorney: ${attorney.status} ${JSON.stringify(attorney.body)}`);
    const body = attorney.body as { id: string; userId: string; email: string };
    // Offers are another module's concern: assign counsel directly (before any hearing is planned).
    await db.query(`UPDATE cases SET status = 'represented', attorney_id = $2 WHERE id = $1`, [
      caseId,
      body.id,
    ]);
    out.attorneyEmail = body.email;
    out.attorneyUserId = body.userId;
  }
  return out;
}

/** POST /cases/:id/hearings with an instant; returns the hearing id. */
export async function scheduleHearing(
  t: TestApp,
  session: Session,
  caseId: string,
  startsAt: Date,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await t
    .http()
    .post(`/cases/${caseId}/hearings`)
    .set(session.auth)
    .send({ hearingType: 'master', startsAt: startsAt.toISOString(), ...extra });
  if (res.status !== 201) throw new Error(`hearing: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

export async function rescheduleHearing(
  t: TestApp,
  session: Session,
  hearingId: string,
  startsAt: Date,
): Promise<void> {
  const res = await t
    .http()
    .patch(`/hearings/${hearingId}`)
    .set(session.auth)
    .send({ startsAt: startsAt.toISOString(), reason: 'new notice' });
  if (res.status !== 200) throw new Error(`reschedule: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function remindersOf(t: TestApp, session: Session, caseId: string): Promise<ReminderView[]> {
  const res = await t.http().get('/reminders').query({ caseId, limit: 500 }).set(session.auth);
  if (res.status !== 200) throw new Error(`reminders: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { items: ReminderView[] }).items;
}

export async function waitUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const inSeconds = (s: number): Date => new Date(Date.now() + s * 1000);
