import { DataSource } from 'typeorm';
import { EncryptHandoff1765000002000 } from '../../../migrations/1765000002000-encrypt-handoff';
import { FieldCipher } from '../../../src/privacy/field-cipher';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { childBody } from '../../support/intake-fixtures';

describe('privacy of children’s records', () => {
  let t: TestApp;
  let coordinator: Session;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await t.login('coordinator');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** Every row of every table in the public schema, as text. */
  async function dumpDatabase(): Promise<string> {
    const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as {
      tablename: string;
    }[];
    let dump = '';
    for (const { tablename } of tables) {
      const rows = (await db.query(`SELECT row_to_json(x)::text AS j FROM "${tablename}" x`)) as {
        j: string;
      }[];
      dump += rows.map((r) => r.j).join('\n');
    }
    return dump;
  }

  const handoffSecrets = {
    health: 'Type 1 diabetes, insulin twice daily',
    mentalHealth: 'PTSD after the journey, sees Dr. Quintanilla weekly',
    schoolEnrollment: 'Enrolled at Roosevelt Middle School grade 8',
    shelterNotes: 'Afraid of the uncle in Houston',
    other: 'Church contact Hermana Ofelia',
    safetyFlag: 'trafficking_indicators_xq',
  };
  const handoffBody = {
    health: handoffSecrets.health,
    mentalHealth: handoffSecrets.mentalHealth,
    schoolEnrollment: handoffSecrets.schoolEnrollment,
    shelterNotes: handoffSecrets.shelterNotes,
    other: handoffSecrets.other,
    safetyFlags: [handoffSecrets.safetyFlag],
  };

  it('stores no plaintext A-number, phone, e-mail or street anywhere in the database', async () => {
    const secrets = {
      aNumber: '987654321',
      childPhone: '2125550177',
      childEmail: 'secret.child@example.org',
      childStreet: '77 Hidden Lane Apt 9',
      sponsorPhone: '3055550188',
      sponsorEmail: 'secret.sponsor@example.org',
      sponsorStreet: '12 Quiet Court',
      movedStreet: '500 New Home Rd',
    };
    const created = await t
      .http()
      .post('/children')
      .set(coordinator.auth)
      .send(
        childBody({
          aNumber: `A-${secrets.aNumber.slice(0, 3)}-${secrets.aNumber.slice(3, 6)}-${secrets.aNumber.slice(6)}`,
          phone: secrets.childPhone,
          email: secrets.childEmail,
          address: { street: secrets.childStreet, zip: '10001' },
          sponsor: {
            ...(childBody().sponsor as object),
            phone: secrets.sponsorPhone,
            email: secrets.sponsorEmail,
            address: { street: secrets.sponsorStreet, zip: '33101' },
          },
        }),
      )
      .expect(201);
    await t
      .http()
      .patch(`/children/${created.body.id}`)
      .set(coordinator.auth)
      .send({ address: { street: secrets.movedStreet, zip: '10002' } })
      .expect(200);
    await t
      .http()
      .post('/attorneys')
      .set(coordinator.auth)
      .send({
        email: 'private.atty@example.org',
        displayName: 'A',
        remoteOk: true,
        phone: '2025550166',
        office: { street: '9 Counsel Plaza', zip: '20001' },
      })
      .expect(201);

    // The case's handoff notes (health, mental health, school, safety): written, then replaced.
    const legalCase = await t
      .http()
      .post('/cases')
      .set(coordinator.auth)
      .send({ childId: created.body.id, caseType: 'removal_defense', handoff: { health: 'first note xq' } })
      .expect(201);
    await t
      .http()
      .patch(`/cases/${legalCase.body.id}`)
      .set(coordinator.auth)
      .send({ handoff: handoffBody })
      .expect(200);

    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(1000);
    for (const [name, value] of Object.entries({
      ...secrets,
      ...handoffSecrets,
      firstHandoffNote: 'first note xq',
      attorneyPhone: '2025550166',
      attorneyStreet: '9 Counsel Plaza',
    })) {
      expect({ name, found: dump.includes(value) }).toEqual({ name, found: false });
    }
    expect(dump).not.toMatch(/987.?654.?321/);
    // …while the API, for those allowed, still reads them back.
    const read = await t.http().get(`/children/${created.body.id}`).set(coordinator.auth).expect(200);
    expect(read.body).toMatchObject({
      aNumber: 'A-987-654-321',
      email: secrets.childEmail,
      address: { street: secrets.movedStreet },
    });
    const readCase = await t.http().get(`/cases/${legalCase.body.id}`).set(coordinator.auth).expect(200);
    expect(readCase.body.handoff).toEqual(handoffBody);
  });

  it('encrypts the handoff notes stored in the clear before the migration, and needs the keys to do it', async () => {
    const child = await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201);
    const legalCase = await t
      .http()
      .post('/cases')
      .set(coordinator.auth)
      .send({ childId: child.body.id, caseType: 'sijs', handoff: handoffBody })
      .expect(201);
    const empty = await t
      .http()
      .post('/cases')
      .set(coordinator.auth)
      .send({ childId: child.body.id, caseType: 'removal_defense' })
      .expect(201);
    const cipher = t.app.get(FieldCipher);
    const migrate = async (step: (q: ReturnType<DataSource['createQueryRunner']>) => Promise<void>) => {
      const q = db.createQueryRunner();
      await q.startTransaction();
      try {
        await step(q);
        await q.commitTransaction();
      } catch (err) {
        await q.rollbackTransaction();
        throw err;
      } finally {
        await q.release();
      }
    };

    // Back to the schema before the migration: the notes as plain jsonb, as every database had them.
    await migrate((q) => new EncryptHandoff1765000002000(cipher).down(q));
    const plain = (await db.query(`SELECT id, handoff FROM cases WHERE id = ANY($1)`, [
      [legalCase.body.id, empty.body.id],
    ])) as { id: string; handoff: object }[];
    expect(Object.fromEntries(plain.map((r) => [r.id, r.handoff]))).toEqual({
      [legalCase.body.id]: handoffBody,
      [empty.body.id]: {},
    });

    // Without the application's keys the migration refuses (and changes nothing)…
    await expect(migrate((q) => new EncryptHandoff1765000002000().up(q))).rejects.toThrow(/ENCRYPTION_KEYS/);
    // …with them it encrypts every row and drops the plain column.
    // (as prepareDatabase runs it: TypeORM instantiates the class without arguments)
    const WithKeys = EncryptHandoff1765000002000.withCipher(cipher);
    await migrate((q) => new WithKeys().up(q));

    const dump = await dumpDatabase();
    for (const [name, value] of Object.entries(handoffSecrets)) {
      expect({ name, found: dump.includes(value) }).toEqual({ name, found: false });
    }
    const columns = (await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name LIKE 'handoff%'`,
    )) as { column_name: string }[];
    expect(columns.map((c) => c.column_name)).toEqual(['handoff_enc']);
    const read = await t.http().get(`/cases/${legalCase.body.id}`).set(coordinator.auth).expect(200);
    expect(read.body.handoff).toEqual(handoffBody);
    expect(
      (await t.http().get(`/cases/${empty.body.id}`).set(coordinator.auth).expect(200)).body.handoff,
    ).toEqual({});
  });

  it('audits every read of a child and sponsor, including each child in a list and an A-number lookup', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await t.http().post('/children').set(coordinator.auth).send(childBody()).expect(201)).body.id,
      );
    const audited = async (action: string) =>
      (await db.query(
        `SELECT entity_id, actor_user_id, request_id FROM audit_events WHERE action = $1 AND entity_id = ANY($2)`,
        [action, ids],
      )) as {
        entity_id: string;
        actor_user_id: string;
        request_id: string;
      }[];

    await t
      .http()
      .get(`/children/${ids[0]}`)
      .set(coordinator.auth)
      .set('X-Request-Id', 'read-child-0001')
      .expect(200);
    const reads = await audited('child.read');
    expect(reads).toEqual([
      { entity_id: ids[0], actor_user_id: coordinator.userId, request_id: 'read-child-0001' },
    ]);

    await t.http().get('/children?limit=500').set(coordinator.auth).expect(200);
    expect(new Set((await audited('child.list')).map((r) => r.entity_id))).toEqual(new Set(ids));

    await t.http().get(`/children/${ids[1]}/sponsor`).set(coordinator.auth).expect(200);
    const sponsorReads = (await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'sponsor.read' AND entity_id = $1`,
      [ids[1]],
    )) as { n: number }[];
    expect(sponsorReads[0].n).toBe(1);

    await t
      .http()
      .patch(`/children/${ids[2]}`)
      .set(coordinator.auth)
      .send({ phone: '2125550100' })
      .expect(200);
    const [update] = (await db.query(
      `SELECT details FROM audit_events WHERE action = 'child.update' AND entity_id = $1`,
      [ids[2]],
    )) as { details: { fields: string[] } }[];
    expect(update.details).toEqual({ fields: ['phone'] }); // names of fields, never their values
  });
});
