import { randomUUID } from 'node:crypto';
import { UserRole } from '../../../src/auth/user.entity';
import { startTestApp, TestApp } from '../../support/test-app';

type Access = 'public' | UserRole[];
const ALL: UserRole[] = ['admin', 'coordinator', 'attorney'];

/**
 * Every endpoint and who may call it. The test fails when the API has a route missing here, so a new
 * endpoint cannot ship without a decision on its access (deny by default).
 */
const ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'POST /auth/login': 'public',
  'GET /auth/me': ALL,
  'POST /auth/logout': ALL,
  'GET /users': ['admin'],
  'POST /users': ['admin'],
  'GET /users/{id}': ['admin'],
  'PATCH /users/{id}': ['admin'],
  'GET /audit': ['admin'],
  'GET /courts': ALL,
  'GET /courts/{code}': ALL,
  'GET /languages': ALL,
  'GET /organizations': ALL,
  'POST /organizations': ['admin'],
  'GET /organizations/{id}': ALL,
  'PATCH /organizations/{id}': ['admin'],
  'POST /children': ['admin', 'coordinator'],
  'GET /children': ALL,
  'GET /children/{id}': ALL,
  'PATCH /children/{id}': ['admin', 'coordinator'],
  'GET /children/{id}/addresses': ALL,
  'GET /children/{id}/sponsor': ALL,
  'PUT /children/{id}/sponsor': ['admin', 'coordinator'],
  'POST /cases': ['admin', 'coordinator'],
  'GET /cases': ALL,
  'GET /cases/{id}': ALL,
  'PATCH /cases/{id}': ['admin', 'coordinator'],
  'POST /cases/{id}/status': ['admin', 'coordinator'],
  'GET /attorneys/me': ['attorney'],
  'PATCH /attorneys/me': ['attorney'],
  'POST /attorneys': ['admin', 'coordinator'],
  'GET /attorneys': ['admin', 'coordinator'],
  'GET /attorneys/{id}': ['admin', 'coordinator'],
  'PATCH /attorneys/{id}': ['admin', 'coordinator'],
  'POST /cases/{id}/hearings': ['admin', 'coordinator'],
  'GET /cases/{id}/hearings': ALL,
  'POST /cases/{id}/decisions': ['admin', 'coordinator'],
  'GET /cases/{id}/decisions': ALL,
  'GET /hearings/{id}': ALL,
  'PATCH /hearings/{id}': ['admin', 'coordinator'],
  'POST /hearings/{id}/cancel': ['admin', 'coordinator'],
  'POST /hearings/{id}/outcome': ['admin', 'coordinator'],
  'GET /hearings/{id}/history': ALL,
  'GET /cases/{id}/deadlines': ALL,
  'POST /cases/{id}/deadlines': ALL,
  'GET /cases/{id}/next-events': ALL,
  'GET /deadlines': ALL,
  'GET /deadlines/{id}': ALL,
  'PATCH /deadlines/{id}': ALL,
  'GET /courts/{code}/closures': ALL,
  'POST /courts/{code}/closures': ['admin'],
  'DELETE /courts/{code}/closures/{date}': ['admin'],
  'GET /courts/{code}/deadline-settings': ALL,
  'PUT /courts/{code}/deadline-settings': ['admin'],
  'POST /calendar/feeds': ['attorney', 'coordinator'],
  'GET /calendar/feeds': ['attorney', 'coordinator'],
  'DELETE /calendar/feeds/{id}': ['attorney', 'coordinator'],
  'GET /calendar/{token}.ics': 'public',
  'POST /imports/children': ['admin', 'coordinator'],
  'POST /imports/attorneys': ['admin', 'coordinator'],
  'GET /imports': ['admin', 'coordinator'],
  'GET /imports/{id}': ['admin', 'coordinator'],
  'GET /cases/{id}/candidates': ['admin', 'coordinator'],
  'POST /cases/{id}/offers': ['admin', 'coordinator'],
  'GET /offers': ALL,
  'GET /offers/{id}': ALL,
  'POST /offers/{id}/accept': ['attorney'],
  'POST /offers/{id}/decline': ['attorney'],
  'POST /offers/{id}/withdraw': ['admin', 'coordinator'],
  'POST /matching/plan': ['admin', 'coordinator'],
  'GET /matching/plan/{id}': ['admin', 'coordinator'],
  'POST /matching/plan/{id}/offers': ['admin', 'coordinator'],
  'GET /reminders': ALL,
  'GET /reminders/policy': ['admin'],
  'PUT /reminders/policy': ['admin'],
  'GET /reminders/policy/replan': ['admin'],
  'GET /reminders/queue': ['admin'],
  'GET /reminders/{id}': ALL,
  'GET /unsubscribe/{token}': 'public',
  'POST /unsubscribe/{token}': 'public',
  'POST /unsubscribe/{token}/restart': 'public',
  'GET /children/{id}/reminder-stops': ['admin', 'coordinator'],
  'DELETE /reminder-stops/{id}': ['admin', 'coordinator'],
  'GET /tasks': ['admin', 'coordinator'],
  'PATCH /tasks/{id}': ['admin', 'coordinator'],
};

const SAMPLE_PARAMS: Record<string, string> = { id: randomUUID(), code: 'NYC' };

describe('role-based access: every endpoint × role', () => {
  let t: TestApp;
  const tokens: Partial<Record<UserRole, string>> = {};
  let routes: string[];

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ALL) tokens[role] = (await t.login(role)).token;
    const doc = await t.http().get('/docs-json').expect(200);
    routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    routes.push('GET /metrics'); // excluded from the OpenAPI document on purpose
  });
  afterAll(() => t.close());

  it('has an access decision for every route the API serves', () => {
    expect(routes.filter((r) => !(r in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.entries(ACCESS))('%s', async (route, access) => {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
    const call = (token?: string) => {
      const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
      if (token) req.set('Authorization', `Bearer ${token}`);
      return method === 'GET' ? req : req.send({});
    };

    const anonymous = await call();
    if (access === 'public') expect([401, 403]).not.toContain(anonymous.status);
    else expect(anonymous.status).toBe(401);

    for (const role of ALL) {
      const res = await call(tokens[role]);
      const allowed = access === 'public' || access.includes(role);
      if (allowed) expect({ role, denied: [401, 403].includes(res.status) }).toEqual({ role, denied: false });
      else
        expect({ role, status: res.status, code: res.body.code }).toEqual({
          role,
          status: 403,
          code: 'forbidden_role',
        });
    }
    // Signing out revoked the tokens used above: the routes after it get fresh ones.
    if (route === 'POST /auth/logout') for (const role of ALL) tokens[role] = (await t.login(role)).token;
  });
});
