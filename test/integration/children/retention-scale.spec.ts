import { DataSource } from 'typeorm';
import { ContactRetention } from '../../../src/children/contact-retention';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childBody } from '../../support/intake-fixtures';

// Past 9,362 children at once the purge's audit INSERT (7 parameters a row) passed PostgreSQL's 65,535-parameter
// limit, rolled back, and failed again at every run: nobody's contact data was ever erased.
const CHILDREN = 20_000;

describe('contact retention at scale', () => {
  let t: TestApp;
  let coordinator: Session;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it(`purges the contact data of ${CHILDREN.toLocaleString('en')} children due at once, auditing each`, async () => {
    const model = (await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201))
      .body as {
      id: string;
    };
    // Set-based copies of the child (its encrypted contact data too), each with a case closed long ago.
    const columns = (
      (await db.query(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'children' AND column_name NOT IN ('id', 'a_number_index')`,
      )) as { column_name: string }[]
    ).map((c) => `"${c.column_name}"`);
    await db.query(
      `INSERT INTO children (id, a_number_index, ${columns.join(', ')})
       SELECT gen_random_uuid(), c.a_number_index || '-' || g, ${columns.map((c) => `c.${c}`).join(', ')}
         FROM children c, generate_series(1, ${CHILDREN - 1}) g WHERE c.id = $1`,
      [model.id],
    );
    await db.query(
      `INSERT INTO cases (child_id, organization_id, case_type, status, closed_at, close_reason)
       SELECT id, organization_id, 'asylum', 'closed', now() - interval '800 days', 'relief granted'
         FROM children WHERE organization_id = $1`,
      [coordinator.organizationId],
    );

    const started = Date.now();
    const purged = await t.app.get(ContactRetention).purgeExpired();
    process.stderr.write(
      `[retention scale] purged ${purged.length} children in ${Date.now() - started} ms\n`,
    );

    expect(purged).toHaveLength(CHILDREN);
    const [left] = (await db.query(
      `SELECT count(*) FILTER (WHERE contact_purged_at IS NULL OR phone_enc IS NOT NULL OR email_enc IS NOT NULL)::int AS kept,
              count(*)::int AS n
         FROM children WHERE organization_id = $1`,
      [coordinator.organizationId],
    )) as { kept: number; n: number }[];
    expect(left).toEqual({ kept: 0, n: CHILDREN });
    const [audited] = (await db.query(
      `SELECT count(DISTINCT entity_id)::int AS n FROM audit_events WHERE action = 'child.contact_purged'`,
    )) as { n: number }[];
    expect(audited.n).toBe(CHILDREN);
    expect(await t.app.get(ContactRetention).purgeExpired()).toEqual([]);
  }, 300_000);
});
