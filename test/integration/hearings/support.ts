import { DataSource } from 'typeorm';
import { Session, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { attorneyBody, childBody } from '../../support/intake-fixtures';

/** Shared set-up for the hearings, deadlines and calendar specs. */

export interface CaseFixture {
  caseId: string;
  childId: string;
}

export async function createCase(
  t: TestApp,
  coordinator: Session,
  options: { courtCode?: string | null; caseType?: string; child?: Record<string, unknown> } = {},
): Promise<CaseFixture> {
  const child = await t
    .http()
    .post('/children')
    .set(coordinator.auth)
    .send(childBody(options.child))
    .expect(201);
  const body: Record<string, unknown> = {
    childId: child.body.id,
    caseType: options.caseType ?? 'removal_defense',
  };
  if (options.courtCode !== null) body.courtCode = options.courtCode ?? 'NYC';
  const legalCase = await t.http().post('/cases').set(coordinator.auth).send(body).expect(201);
  return { caseId: legalCase.body.id as string, childId: child.body.id as string };
}

/** An attorney with a profile in the coordinator's organization, logged in. */
export async function createAttorney(
  t: TestApp,
  coordinator: Session,
): Promise<Session & { attorneyId: string }> {
  const body = attorneyBody({ password: TEST_PASSWORD });
  const created = await t.http().post('/attorneys').set(coordinator.auth).send(body).expect(201);
  const login = await t
    .http()
    .post('/auth/login')
    .send({ email: body.email, password: TEST_PASSWORD })
    .expect(200);
  const token = (login.body as { accessToken: string }).accessToken;
  return {
    token,
    userId: created.body.userId as string,
    email: body.email as string,
    organizationId: null,
    auth: { Authorization: `Bearer ${token}` },
    attorneyId: created.body.id as string,
  };
}

/** Assigns counsel the way an accepted offer does (offers are another module). */
export async function assign(db: DataSource, caseId: string, attorneyId: string): Promise<void> {
  await db.query(`UPDATE cases SET attorney_id = $2, status = 'represented' WHERE id = $1`, [
    caseId,
    attorneyId,
  ]);
}

export async function count(db: DataSource, table: string): Promise<number> {
  return ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
}

export async function counts(db: DataSource, tables: string[]): Promise<number[]> {
  return Promise.all(tables.map((table) => count(db, table)));
}
