import { DataSource } from 'typeorm';
import { startTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';

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
    const refused = await t
      .http()
      .post('/auth/login')
      .send({ email: 'new.coordinator@test.amparo', password: 'a long enough password' })
      .expect(403);
    expect(refused.body.code).toBe('account_disabled');

    await t.http().patch(`/users/${created.body.id}`).set(auth).send({ disabled: false }).expect(200);
    await t.http().get('/auth/me').set(userAuth).expect(200);
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

describe('token lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JWT_TTL: '1s' } });
  });
  afterAll(() => t.close());

  it('stops accepting a token once it has expired', async () => {
    const { token } = await t.login('admin');
    await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await new Promise((r) => setTimeout(r, 2100));
    const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});
