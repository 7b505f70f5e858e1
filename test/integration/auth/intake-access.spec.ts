import { DataSource } from 'typeorm';
import { startTestApp, Session, TestApp } from '../../support/test-app';
import { attorneyBody, childBody } from '../../support/intake-fixtures';

type Actor =
  | 'admin'
  | 'coordinatorOfOrg'
  | 'coordinatorOfOther'
  | 'attorneyAssigned'
  | 'attorneyNotAssigned'
  | 'anonymous';
const ACTORS: Actor[] = [
  'admin',
  'coordinatorOfOrg',
  'coordinatorOfOther',
  'attorneyAssigned',
  'attorneyNotAssigned',
  'anonymous',
];

/**
 * Every intake endpoint on a real record × every kind of caller. 404 (not 403) for records of another
 * organization or an unassigned attorney, so their existence does not leak.
 */
describe('intake access matrix', () => {
  let t: TestApp;
  const sessions = {} as Record<Exclude<Actor, 'anonymous'>, Session>;
  let childId: string;
  let caseId: string;
  let attorneyId: string;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    sessions.admin = await t.login('admin');
    sessions.coordinatorOfOrg = await t.login('coordinator');
    sessions.coordinatorOfOther = await t.login('coordinator');
    orgId = sessions.coordinatorOfOrg.organizationId!;
    const coord = sessions.coordinatorOfOrg.auth;
    childId = (await t.http().post('/children').set(coord).send(childBody()).expect(201)).body.id;
    caseId = (
      await t
        .http()
        .post('/cases')
        .set(coord)
        .send({ childId, caseType: 'removal_defense', courtCode: 'NYC' })
        .expect(201)
    ).body.id;
    const assigned = await t
      .http()
      .post('/attorneys')
      .set(coord)
      .send(attorneyBody({ password: 'assigned attorney pw' }))
      .expect(201);
    attorneyId = assigned.body.id;
    const other = await t
      .http()
      .post('/attorneys')
      .set(sessions.admin.auth)
      .send(attorneyBody({ password: 'other attorney pw!' }))
      .expect(201);
    await t.app
      .get(DataSource)
      .query(`UPDATE cases SET status = 'represented', attorney_id = $2 WHERE id = $1`, [caseId, attorneyId]);
    for (const [actor, body] of [
      ['attorneyAssigned', assigned.body],
      ['attorneyNotAssigned', other.body],
    ] as const) {
      const login = await t
        .http()
        .post('/auth/login')
        .send({
          email: body.email,
          password: actor === 'attorneyAssigned' ? 'assigned attorney pw' : 'other attorney pw!',
        })
        .expect(200);
      sessions[actor] = {
        token: login.body.accessToken,
        userId: body.userId,
        email: body.email,
        organizationId: null,
        auth: { Authorization: `Bearer ${login.body.accessToken}` },
      };
    }
  });
  afterAll(() => t.close());

  const call = (method: 'get' | 'post' | 'patch' | 'put', path: string, actor: Actor, body?: object) => {
    const req = t.http()[method](path);
    if (actor !== 'anonymous') req.set(sessions[actor].auth);
    return body ? req.send(body) : req;
  };

  const matrix: Array<
    [
      string,
      'get' | 'post' | 'patch' | 'put',
      () => string,
      (() => object) | undefined,
      Record<Actor, number>,
    ]
  > = [
    [
      'read a child',
      'get',
      () => `/children/${childId}`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 200,
        attorneyNotAssigned: 404,
        anonymous: 401,
      },
    ],
    [
      'read the address history',
      'get',
      () => `/children/${childId}/addresses`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 200,
        attorneyNotAssigned: 404,
        anonymous: 401,
      },
    ],
    [
      'read the sponsor',
      'get',
      () => `/children/${childId}/sponsor`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 200,
        attorneyNotAssigned: 404,
        anonymous: 401,
      },
    ],
    [
      'update a child',
      'patch',
      () => `/children/${childId}`,
      () => ({ firstName: 'Ana' }),
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'replace the sponsor',
      'put',
      () => `/children/${childId}/sponsor`,
      () => ({ firstName: 'Rosa', lastName: 'Tzoc', relationshipCategory: 2 }),
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'open a case for the child',
      'post',
      () => '/cases',
      () => ({ childId, caseType: 'sijs' }),
      {
        admin: 201,
        coordinatorOfOrg: 201,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'read the case',
      'get',
      () => `/cases/${caseId}`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 200,
        attorneyNotAssigned: 404,
        anonymous: 401,
      },
    ],
    [
      'edit the case',
      'patch',
      () => `/cases/${caseId}`,
      () => ({ notes: 'n' }),
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'read the attorney',
      'get',
      () => `/attorneys/${attorneyId}`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'edit the attorney',
      'patch',
      () => `/attorneys/${attorneyId}`,
      () => ({ travelRadiusMiles: 40 }),
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 403,
        attorneyNotAssigned: 403,
        anonymous: 401,
      },
    ],
    [
      'read the organization',
      'get',
      () => `/organizations/${orgId}`,
      undefined,
      {
        admin: 200,
        coordinatorOfOrg: 200,
        coordinatorOfOther: 404,
        attorneyAssigned: 200,
        attorneyNotAssigned: 404,
        anonymous: 401,
      },
    ],
  ];

  describe.each(matrix)('%s', (_name, method, path, body, expected) => {
    it.each(ACTORS)('as %s', async (actor) => {
      const res = await call(method, path(), actor, body?.());
      expect({ actor, status: res.status }).toEqual({ actor, status: expected[actor] });
    });
  });

  it.each(ACTORS.filter((a) => a !== 'anonymous') as Exclude<Actor, 'anonymous'>[])(
    'lists only visible children and cases as %s',
    async (actor) => {
      const children = await call('get', '/children', actor);
      const cases = await call('get', '/cases', actor);
      const sees = !['coordinatorOfOther', 'attorneyNotAssigned'].includes(actor);
      expect(children.status).toBe(200);
      expect((children.body.items as { id: string }[]).some((c) => c.id === childId)).toBe(sees);
      expect((cases.body.items as { id: string }[]).some((c) => c.id === caseId)).toBe(sees);
    },
  );
});
