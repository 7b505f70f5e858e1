import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { dictionary } from '@zxcvbn-ts/language-common';
import { attorneyBody } from '../../support/intake-fixtures';
import { Session, startTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';

/** Passwords of 12+ characters the policy must refuse: common ones dressed up, repeats, runs, the user's own name. */
const weakPasswords = (email: string) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...dictionary['passwords-common']), fc.constantFrom('', '1', '2024', '!', '123456789'))
      .map(([word, suffix]) => `${word}${suffix}`.padEnd(12, '1'))
      .filter((p) => p.length <= 200),
    fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 12, max: 40 })).map(([unit, n]) =>
      unit.repeat(n).slice(0, n),
    ),
    fc.constantFrom('abcdefghijklmnop', '123456789012', 'qwertyuiopasdf', 'zyxwvutsrqponm', '098765432109'),
    fc.constantFrom('', '1', '!', '2024').map((suffix) => `${email}${suffix}`),
  );

describe('authentication and users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_WINDOW: '1m' } });
  });
  afterAll(() => t.close());

  it('logs in with e-mail (any case) and password and returns a short-lived bearer token', async () => {
    const { email } = await t.login('coordinator');
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: email.toUpperCase(), password: TEST_PASSWORD })
      .expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email, role: 'coordinator' },
    });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t
      .http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ email, role: 'coordinator' });
  });

  it('stores passwords only as argon2id hashes', async () => {
    const { userId } = await t.login('attorney');
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const { email } = await t.login('attorney');
    const wrong = await t
      .http()
      .post('/auth/login')
      .send({ email, password: 'not the password' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/auth/login')
      .send({ email: 'nobody@test.amparo', password: 'whatever' })
      .expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('rejects unknown fields and malformed input with validation_failed and field details', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: 'not-an-email', password: 'x', admin: true })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'admin']));
  });

  it('rejects a tampered, foreign or garbage token', async () => {
    const { token } = await t.login('admin');
    const [header, payload] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    for (const bad of [`${header}.${forged}.xyz`, 'garbage', `${token}x`]) {
      const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${bad}`).expect(401);
      expect(res.body.code).toBe('unauthenticated');
    }
  });

  it('lets admins create, list and disable users; a disabled user loses access at once', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const created = await t
      .http()
      .post('/users')
      .set(auth)
      .send({
        email: 'new.coordinator@test.amparo',
        displayName: 'New Coordinator',
        role: 'coordinator',
        organizationId: await t.createOrganization(),
        password: 'a long enough password',
      })
      .expect(201);
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: 'new.coordinator@test.amparo', password: 'a long enough password' })
      .expect(200);
    const userAuth = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http().get('/auth/me').set(userAuth).expect(200);

    const list = await t.http().get('/users').set(auth).expect(200);
    expect((list.body as { email: string }[]).map((u) => u.email)).toContain('new.coordinator@test.amparo');

    await t.http().patch(`/users/${created.body.id}`).set(auth).send({ disabled: true }).expect(200);
    await t.http().get('/auth/me').set(userAuth).expect(401);
    // The right password gets the same answer as a wrong one: a disabled account does not confirm it.
    const refused = await t
      .http()
      .post('/auth/login')
      .send({ email: 'new.coordinator@test.amparo', password: 'a long enough password' })
      .expect(401);
    expect(refused.body.code).toBe('invalid_credentials');

    // Enabled again: tokens from before stay revoked; a new login works.
    await t.http().patch(`/users/${created.body.id}`).set(auth).send({ disabled: false }).expect(200);
    await t.http().get('/auth/me').set(userAuth).expect(401);
    const again = await t
      .http()
      .post('/auth/login')
      .send({ email: 'new.coordinator@test.amparo', password: 'a long enough password' })
      .expect(200);
    await t.http().get('/auth/me').set('Authorization', `Bearer ${again.body.accessToken}`).expect(200);
  });

  it('refuses a duplicate e-mail (any case) with 409 and a weak password with 400, writing nothing', async () => {
    const admin = await t.login('admin');
    const auth = { Authorization: `Bearer ${admin.token}` };
    const body = {
      email: 'dup@test.amparo',
      displayName: 'Dup',
      role: 'attorney',
      password: 'a long enough password',
    };
    await t.http().post('/users').set(auth).send(body).expect(201);
    const dup = await t
      .http()
      .post('/users')
      .set(auth)
      .send({ ...body, email: 'DUP@test.amparo' })
      .expect(409);
    expect(dup.body.code).toBe('email_taken');
    const weak = await t
      .http()
      .post('/users')
      .set(auth)
      .send({ ...body, email: 'weak@test.amparo', password: 'short' })
      .expect(400);
    expect(weak.body.code).toBe('validation_failed');
    const badRole = await t
      .http()
      .post('/users')
      .set(auth)
      .send({ ...body, email: 'role@test.amparo', role: 'superuser' })
      .expect(400);
    expect(badRole.body.code).toBe('validation_failed');
    const [{ count }] = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS count FROM users WHERE email IN ('weak@test.amparo', 'role@test.amparo')`,
      );
    expect(count).toBe(0);
  });

  it('answers a disabled account like a wrong password, whatever the password (right, wrong or generated)', async () => {
    const admin = await t.login('admin');
    const victim = await t.login('attorney');
    await t.http().patch(`/users/${victim.userId}`).set(admin.auth).send({ disabled: true }).expect(200);
    const unknown = await t.http().post('/auth/login').send({ email: 'nobody@test.amparo', password: 'whatever' }).expect(401);
    const guesses = [TEST_PASSWORD, ...fc.sample(fc.string({ minLength: 1, maxLength: 40 }), 3)];
    for (const password of guesses) {
      const res = await t.http().post('/auth/login').send({ email: victim.email, password }).expect(401);
      expect({ code: res.body.code, message: res.body.message }).toEqual({
        code: unknown.body.code,
        message: unknown.body.message,
      });
    }
  });

  it('refuses weak passwords on every way to set one, with 400 naming password, changing nothing', async () => {
    const admin = await t.login('admin');
    const coordinator = await t.login('coordinator');
    const target = await t.login('attorney');
    const db = t.app.get(DataSource);
    const hashOf = async (id: string) =>
      ((await db.query('SELECT password_hash FROM users WHERE id = $1', [id])) as { password_hash: string }[])[0]
        .password_hash;
    const before = await hashOf(target.userId);
    let n = 0;
    for (const password of fc.sample(weakPasswords('maria.garcia'), 25)) {
      const email = `maria.garcia+${++n}@test.amparo`;
      const attempts = [
        t.http().post('/users').set(admin.auth).send({ email, displayName: 'Maria Garcia', role: 'attorney', password }),
        t.http().patch(`/users/${target.userId}`).set(admin.auth).send({ password: password.replace('maria.garcia', target.email) }),
        t.http().post('/attorneys').set(coordinator.auth).send(attorneyBody({ email, displayName: 'Maria Garcia', password })),
      ];
      for (const res of await Promise.all(attempts)) {
        expect({ password, status: res.status, code: res.body.code }).toEqual({ password, status: 400, code: expect.stringMatching(/^(weak_password|validation_failed)$/) });
        expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain('password');
      }
    }
    const [{ count }] = (await db.query(
      `SELECT count(*)::int AS count FROM users WHERE email LIKE 'maria.garcia+%'`,
    )) as { count: number }[];
    expect(count).toBe(0);
    expect(await hashOf(target.userId)).toBe(before);
    // The quoted example, and a strong one for contrast.
    const quoted = await t.http().patch(`/users/${target.userId}`).set(admin.auth).send({ password: 'aaaaaaaaaaaa' }).expect(400);
    expect(quoted.body).toMatchObject({ code: 'weak_password', details: [{ field: 'password' }] });
    await t.http().patch(`/users/${target.userId}`).set(admin.auth).send({ password: 'violin orchard quiver' }).expect(200);
  });

  describe('every token issued before stops working at once when', () => {
    const ways: [string, (admin: Session, user: Session) => Promise<unknown>][] = [
      ['an admin resets the password', (a, u) => t.http().patch(`/users/${u.userId}`).set(a.auth).send({ password: 'a brand new passphrase' }).expect(200)],
      ['the user signs out (all sessions)', (_a, u) => t.http().post('/auth/logout').set(u.auth).expect(204)],
      ['the account is disabled', (a, u) => t.http().patch(`/users/${u.userId}`).set(a.auth).send({ disabled: true }).expect(200)],
      ['the role changes', (a, u) => t.http().patch(`/users/${u.userId}`).set(a.auth).send({ role: 'attorney' }).expect(200)],
      [
        'the organization changes',
        async (a, u) =>
          t.http().patch(`/users/${u.userId}`).set(a.auth).send({ organizationId: await t.createOrganization() }).expect(200),
      ],
    ];
    it.each(ways)('%s', async (_how, end) => {
      const admin = await t.login('admin');
      const user = await t.login('coordinator');
      const bystander = await t.login('coordinator');
      // A second session of the same user (another device).
      const second = await t.http().post('/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
      const secondAuth = { Authorization: `Bearer ${second.body.accessToken}` };
      await t.http().get('/auth/me').set(user.auth).expect(200);
      await end(admin, user);
      for (const auth of [user.auth, secondAuth]) {
        const res = await t.http().get('/auth/me').set(auth).expect(401);
        expect(res.body.code).toBe('unauthenticated');
        await t.http().get('/calendar/feeds').set(auth).expect(401);
      }
      await t.http().get('/auth/me').set(bystander.auth).expect(200);
      await t.http().get('/auth/me').set(admin.auth).expect(200);
    });
  });

  it('rate-limits login attempts per address and e-mail', async () => {
    const email = 'target@test.amparo';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t
        .http()
        .post('/auth/login')
        .send({ email, password: `guess-${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('rate_limited');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another account from the same address still gets its own attempts.
    await t.http().post('/auth/login').send({ email: 'other@test.amparo', password: 'x' }).expect(401);
  });
});

describe('failed logins per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind one trusted proxy, so X-Forwarded-For tells the client address.
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_ADDRESS: '6', TRUST_PROXY: '1' } });
  });
  afterAll(() => t.close());

  it('stops an address that tries many e-mails, leaves other addresses and successful logins alone', async () => {
    const user = await t.login('coordinator');
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    // Successful logins do not count against an address (an office behind one address).
    for (let i = 0; i < 8; i++) {
      await t.http().post('/auth/login').set(from('198.51.100.1')).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    }
    const emails = fc.sample(fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/), 6).map((name, i) => `${name}.${i}@test.amparo`);
    for (const email of emails) {
      await t.http().post('/auth/login').set(from('198.51.100.1')).send({ email, password: 'some guess' }).expect(401);
    }
    // Now even a right password from that address waits; the answer says how long.
    const blocked = await t
      .http()
      .post('/auth/login')
      .set(from('198.51.100.1'))
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await t.http().post('/auth/login').set(from('198.51.100.2')).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  });
});

describe('token lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 3 s, not 1 s: expiry counts whole seconds, so a 1 s token made late in a second may be dead a moment later.
    t = await startTestApp({ env: { JWT_TTL: '3s' } });
  });
  afterAll(() => t.close());

  it('stops accepting a token once it has expired', async () => {
    const { token } = await t.login('admin');
    await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await new Promise((r) => setTimeout(r, 4100));
    const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});
