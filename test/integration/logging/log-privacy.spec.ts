import { DataSource } from 'typeorm';
import { StopLinks } from '../../../src/reminders/stop-links';
import {
  QUEUE_BACKENDS,
  QueueBackend,
  Session,
  startTestApp,
  TEST_PASSWORD,
  TestApp,
} from '../../support/test-app';
import { childRow, toCsv } from '../imports/fixtures';
import { childBody } from '../../support/intake-fixtures';

/**
 * Runs realistic scenarios with seeded personal data — including failures whose errors carry that data (a
 * unique violation during an import, a failed statement that becomes a 500, a value PostgreSQL quotes, a job
 * that fails) and requests whose URLs are credentials — with everything logged at trace level captured, then
 * looks for every seeded value, its ciphertexts and hashes, and every token in what was logged.
 */
// nestjs-pino builds one pino-http instance per process, on first use, and every later application in the
// process logs through it: one capture for the whole file; each backend's run reads what it added.
const logged: string[] = [];
const capture = { write: (line: string) => void logged.push(line) };

describe.each(QUEUE_BACKENDS)(
  'nothing personal or secret in the logs (queue on %s)',
  (backend: QueueBackend) => {
    let t: TestApp;
    let db: DataSource;
    let coordinator: Session;
    let firstLine = 0;

    const child = {
      firstName: 'Yesenia',
      lastName: 'Ajpopcumatz',
      dateOfBirth: '2011-08-23',
      aNumber: '912345678',
      phone: '6465550123',
      email: 'yesenia.ajpopcumatz@example.org',
      street: '88 Secret Garden Way Apt 4',
      sponsorFirst: 'Rigoberta',
      sponsorLast: 'Menchacatzul',
      sponsorPhone: '3055550187',
      sponsorEmail: 'rigoberta.menchacatzul@example.org',
      sponsorStreet: '19 Hidden Orchard Lane',
      health: 'Asthma, inhaler kept by sponsor',
      mentalHealth: 'Nightmares since crossing, counselling weekly',
    };
    // Values the failure scenarios send; each must stay out of the logs too.
    const failing = {
      boomName: 'BoomXimenaCoyoy',
      castName: 'CastAnacletoPu',
      dupName: 'DupMarisolTzul',
      jobName: 'JobrowPixcaya',
      wrongPassword: 'Wr0ng-but-still-secret-pw!',
    };

    beforeAll(async () => {
      firstLine = logged.length;
      t = await startTestApp({ backend, env: { LOG_LEVEL: 'trace' }, logs: capture });
      db = t.app.get(DataSource);
      coordinator = await t.login('coordinator');
    });
    afterAll(() => t.close());

    it('logs no seeded value, ciphertext, hash or token in any scenario', async () => {
      const secrets: Record<string, string> = {};
      const http = () => t.http();

      // Intake with contact data and handoff notes; an A-number lookup; reads.
      const created = await http()
        .post('/children')
        .set(coordinator.auth)
        .send(
          childBody({
            firstName: child.firstName,
            lastName: child.lastName,
            dateOfBirth: child.dateOfBirth,
            aNumber: `A${child.aNumber}`,
            phone: child.phone,
            email: child.email,
            address: { street: child.street, zip: '10001' },
            sponsor: {
              ...(childBody().sponsor as object),
              firstName: child.sponsorFirst,
              lastName: child.sponsorLast,
              phone: child.sponsorPhone,
              email: child.sponsorEmail,
              address: { street: child.sponsorStreet, zip: '33101' },
            },
          }),
        )
        .expect(201);
      const childId = created.body.id as string;
      await http()
        .post('/cases')
        .set(coordinator.auth)
        .send({
          childId,
          caseType: 'sijs',
          handoff: { health: child.health, mentalHealth: child.mentalHealth },
        })
        .expect(201);
      await http().get(`/children?aNumber=A-${child.aNumber}`).set(coordinator.auth).expect(200);
      await http().get(`/children?name=${child.lastName}`).set(coordinator.auth);

      // Logins: right and wrong passwords.
      await http()
        .post('/auth/login')
        .send({ email: coordinator.email, password: failing.wrongPassword })
        .expect(401);
      await http()
        .post('/auth/login')
        .send({ email: coordinator.email, password: TEST_PASSWORD })
        .expect(200);

      // Failures whose errors carry values: PostgreSQL's DETAIL (a 500), a value PostgreSQL quotes (a 400).
      await db.query(`
      CREATE FUNCTION test_fail_children() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_name LIKE 'Boom%' THEN
          RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'forced failure',
            DETAIL = 'Failing row contains (' || NEW.first_name || ', ' || NEW.date_of_birth || ', ' ||
                     coalesce(NEW.a_number_enc, '') || ').';
        END IF;
        IF NEW.last_name LIKE 'Cast%' THEN
          PERFORM NEW.last_name::date;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail_children BEFORE UPDATE ON children FOR EACH ROW EXECUTE FUNCTION test_fail_children();
      CREATE UNIQUE INDEX test_unique_dup_first ON children (first_name) WHERE first_name LIKE 'Dup%';`);
      await http()
        .patch(`/children/${childId}`)
        .set(coordinator.auth)
        .send({ firstName: failing.boomName })
        .expect(500);
      const cast = await http()
        .patch(`/children/${childId}`)
        .set(coordinator.auth)
        .send({ lastName: failing.castName });
      expect(cast.status).toBeGreaterThanOrEqual(400);

      // An import whose row hits a unique violation (detail: `Key (first_name)=(…) already exists`).
      await http()
        .post('/children')
        .set(coordinator.auth)
        .send(childBody({ firstName: failing.dupName }))
        .expect(201);
      const imported = await http()
        .post('/imports/children')
        .set(coordinator.auth)
        .attach('file', Buffer.from(toCsv([childRow({ first_name: failing.dupName })])), {
          filename: 'children.csv',
          contentType: 'text/csv',
        })
        .expect(200);
      expect(imported.body.failed).toBe(1);

      // A job that fails: an async import whose completion the database refuses, with the rows in the detail.
      await db.query(`
      CREATE FUNCTION test_fail_imports() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'completed' THEN
          RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'forced job failure',
            DETAIL = (SELECT string_agg(first_name || ' ' || last_name || ' ' || date_of_birth, ', ') FROM children);
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail_imports BEFORE UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION test_fail_imports();`);
      const queued = await http()
        .post('/imports/children?async=true')
        .set(coordinator.auth)
        .attach('file', Buffer.from(toCsv([childRow({ first_name: failing.jobName })])), {
          filename: 'children.csv',
          contentType: 'text/csv',
        })
        .expect(202);
      for (const deadline = Date.now() + 60_000; ;) {
        const state = await http().get(`/imports/${queued.body.id}`).set(coordinator.auth).expect(200);
        if (state.body.status === 'failed') break;
        if (Date.now() > deadline) throw new Error(`import still ${state.body.status}`);
        await new Promise((r) => setTimeout(r, 500));
      }

      // URLs that are credentials: a stop link, a calendar feed, the queue dashboard's ?token=.
      const stopToken = t.app
        .get(StopLinks)
        .token({ recipientKey: `child:${childId}`, channel: 'email', language: 'spa' });
      await http().get(`/unsubscribe/${stopToken}`);
      await http().post(`/unsubscribe/${stopToken}`);
      const feed = await http().post('/calendar/feeds').set(coordinator.auth).expect(201);
      const feedPath = new URL(feed.body.url as string).pathname;
      await http().get(feedPath).expect(200);
      const admin = await t.login('admin');
      await http().get(`/admin/queues?token=${admin.token}`);
      await http().get(`/children/${childId}`).set(coordinator.auth).expect(200);

      // Everything the database holds for these people, as stored: ciphertexts, hashes, the blind index.
      const rows = (await db.query(
        `SELECT row_to_json(x)::jsonb AS j FROM children x WHERE x.id = $1
       UNION ALL SELECT row_to_json(x)::jsonb FROM sponsors x WHERE x.child_id = $1
       UNION ALL SELECT row_to_json(x)::jsonb FROM child_addresses x WHERE x.child_id = $1
       UNION ALL SELECT row_to_json(x)::jsonb FROM cases x WHERE x.child_id = $1`,
        [childId],
      )) as { j: Record<string, unknown> }[];
      for (const { j } of rows) {
        for (const [column, value] of Object.entries(j)) {
          if (typeof value === 'string' && (value.startsWith('v1.') || column.includes('hash')))
            secrets[`stored ${column} ${value.slice(0, 12)}`] = value;
        }
      }
      expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(6);
      const hashes = (await db.query(`SELECT email, password_hash FROM users WHERE id = ANY($1)`, [
        [coordinator.userId, admin.userId],
      ])) as { email: string; password_hash: string }[];
      for (const h of hashes) secrets[`password hash of ${h.email}`] = h.password_hash;

      Object.assign(secrets, child, failing, {
        password: TEST_PASSWORD,
        aNumberFormatted: `A-${child.aNumber.slice(0, 3)}-${child.aNumber.slice(3, 6)}-${child.aNumber.slice(6)}`,
        phoneE164: `+1${child.phone}`,
        sponsorPhoneE164: `+1${child.sponsorPhone}`,
        stopToken,
        stopTokenSignature: stopToken.split('.')[1],
        feedToken: feedPath.replace(/^\/calendar\//, '').replace(/\.ics$/, ''),
        coordinatorAccessToken: coordinator.token,
        adminAccessToken: admin.token,
      });

      const all = logged.slice(firstLine).join('');
      expect(logged.length - firstLine).toBeGreaterThan(100);
      const found = Object.entries(secrets)
        .filter(([, value]) => all.includes(value))
        .map(([name]) => name);
      expect(found).toEqual([]);
      // The capture worked: request lines, SQL errors and the failed job are in it, masked.
      expect(all).toContain('/unsubscribe/[token]');
      expect(all).toContain('/calendar/[token].ics');
      expect(all).toContain('forced failure');
      expect(all).toContain('test_unique_dup_first');
      expect(all).toContain('forced job failure');
      // Dates of birth only ever appear in the data, never in the logs (checked apart: 2011-08-23 style).
      expect(all).not.toContain(child.dateOfBirth);
    });
  },
);
