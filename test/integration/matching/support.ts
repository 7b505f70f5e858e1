import { JwtService } from '@nestjs/jwt';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../../../src/clock/clock';
import { Session, startTestApp, TestApp, TestAppOptions } from '../../support/test-app';
import { attorneyBody, childBody } from '../../support/intake-fixtures';

export type Auth = { Authorization: string };

export interface AttorneyHandle {
  id: string;
  userId: string;
  email: string;
  auth: Auth;
}

let serial = 0;

/** A test app with a coordinator, and quick ways to make children, cases (seeking counsel) and attorneys. */
export class MatchingFixture {
  private constructor(
    readonly t: TestApp,
    readonly coordinator: Session,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<MatchingFixture> {
    const t = await startTestApp({
      ...options,
      // Tests decide when offers rotate; the sweep is called by hand.
      env: { OFFER_AUTO_ROTATE: 'false', OFFER_SWEEP_INTERVAL: '3600s', ...options.env },
    });
    return new MatchingFixture(t, await t.login('coordinator'));
  }

  get db(): DataSource {
    return this.t.app.get(DataSource);
  }

  get clock(): Clock {
    return this.t.app.get(Clock);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)) as T[];
  }

  /** A bearer token for any user (no password round trip, no login rate limit). */
  async tokenFor(userId: string, role: 'attorney' | 'coordinator' | 'admin'): Promise<Auth> {
    // The token carries the user's current token version, as a login's does.
    const [{ token_version: ver }] = await this.query<{ token_version: number }>(
      'SELECT token_version FROM users WHERE id = $1',
      [userId],
    );
    const token = await this.t.app.get(JwtService).signAsync({ sub: userId, role, ver });
    return { Authorization: `Bearer ${token}` };
  }

  async child(overrides: Record<string, unknown> = {}, as: Session = this.coordinator): Promise<string> {
    const res = await this.t
      .http()
      .post('/children')
      .set(as.auth)
      .send(childBody({ aNumber: `A${String(100_000_000 + ++serial * 7919).slice(0, 9)}`, ...overrides }));
    if (res.status !== 201) throw new Error(`child: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  /** A case seeking counsel (intake → seeking_counsel). */
  async seekingCase(
    options: {
      child?: Record<string, unknown>;
      caseType?: string;
      courtCode?: string;
      handoff?: object;
      as?: Session;
    } = {},
  ): Promise<{ caseId: string; childId: string }> {
    const as = options.as ?? this.coordinator;
    const childId = await this.child(options.child, as);
    const created = await this.t
      .http()
      .post('/cases')
      .set(as.auth)
      .send({
        childId,
        caseType: options.caseType ?? 'removal_defense',
        courtCode: options.courtCode ?? 'NYC',
        ...(options.handoff ? { handoff: options.handoff } : {}),
      });
    if (created.status !== 201) throw new Error(`case: ${created.status} ${JSON.stringify(created.body)}`);
    const moved = await this.t
      .http()
      .post(`/cases/${created.body.id}/status`)
      .set(as.auth)
      .send({ status: 'seeking_counsel' });
    if (moved.status !== 200) throw new Error(`status: ${moved.status} ${JSON.stringify(moved.body)}`);
    return { caseId: created.body.id as string, childId };
  }

  /** An attorney volunteering with the coordinator's organization (or as given), with a token. */
  async attorney(
    overrides: Record<string, unknown> = {},
    as: Session = this.coordinator,
  ): Promise<AttorneyHandle> {
    const res = await this.t
      .http()
      .post('/attorneys')
      .set(as.auth)
      .send(
        attorneyBody({
          email: `atty-${++serial}-${Date.now()}@test.amparo`,
          password: 'attorney password 1',
          ...overrides,
        }),
      );
    if (res.status !== 201) throw new Error(`attorney: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      id: res.body.id as string,
      userId: res.body.userId as string,
      email: res.body.email as string,
      auth: await this.tokenFor(res.body.userId as string, 'attorney'),
    };
  }

  candidates(caseId: string, limit = 50, as: Session = this.coordinator) {
    return this.t.http().get(`/cases/${caseId}/candidates`).query({ limit }).set(as.auth);
  }

  offer(caseId: string, body: Record<string, unknown>, as: Auth = this.coordinator.auth) {
    return this.t.http().post(`/cases/${caseId}/offers`).set(as).send(body);
  }

  caseStatus(caseId: string): Promise<string> {
    return this.query<{ status: string }>('SELECT status FROM cases WHERE id = $1', [caseId]).then(
      (r) => r[0].status,
    );
  }

  close(): Promise<void> {
    return this.t.close();
  }
}

/** E-mails written to the test app's outbox that contain `needle`. */
export function outboxMessages(t: TestApp, needle: string): string[] {
  const dir = t.config.mail.outboxDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((m) => m.includes(needle));
}

export async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
