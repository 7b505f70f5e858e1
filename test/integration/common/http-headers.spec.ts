import { Response } from 'supertest';
import { startTestApp, TestApp } from '../../support/test-app';

const SAMPLE_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  code: 'NYC',
  token: 'x'.repeat(43),
  date: '2027-01-04',
};

function expectSecurityHeaders(res: Response, where: string, options: { cacheable?: boolean } = {}): void {
  const h = res.headers;
  const seen = {
    where,
    csp: h['content-security-policy'],
    nosniff: h['x-content-type-options'],
    frame: h['x-frame-options'],
    referrer: h['referrer-policy'],
    noStore: /no-store/.test(String(h['cache-control'] ?? '')),
  };
  expect(seen).toEqual({
    where,
    csp: expect.stringMatching(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/),
    nosniff: 'nosniff',
    frame: 'DENY',
    referrer: 'no-referrer',
    noStore: !options.cacheable,
  });
}

/** Inline scripts would be blocked by script-src 'self': a page may have only script files (and JSON data). */
function scriptsOf(html: string): string[] {
  const sources: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc=["']([^"']+)["']/.exec(tag)?.[1];
    if (src) sources.push(src);
    else expect(tag).toMatch(/type="application\/json"/);
  }
  return sources;
}
const stylesOf = (html: string) =>
  [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)]
    .map((m) => /href=["']([^"']+)["']/.exec(m[0])?.[1])
    .filter((href): href is string => Boolean(href) && !href!.startsWith('https://'));

describe('security headers and caching on every response', () => {
  let t: TestApp;
  let behindProxy: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    behindProxy = await startTestApp({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await behindProxy.close();
  });

  it('on every GET operation of the API document, for every role and anonymously, whatever the status', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x'));
    expect(routes.length).toBeGreaterThan(20);
    const sessions = [
      undefined,
      ...(await Promise.all((['admin', 'coordinator', 'attorney'] as const).map((r) => t.login(r)))),
    ];
    for (const path of routes) {
      for (const session of sessions) {
        const req = t.http().get(path);
        if (session) req.set(session.auth);
        const res = await req;
        expect(res.status).toBeLessThan(500);
        expectSecurityHeaders(res, `GET ${path} as ${session ? 'user' : 'anonymous'}`);
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    }
    for (const [label, res] of [
      ['login failure', await t.http().post('/auth/login').send({ email: 'a@test.amparo', password: 'x' })],
      ['unknown route', await t.http().get('/no/such/route')],
      ['stop link page', await t.http().get(`/unsubscribe/${'x'.repeat(40)}`)],
      ['calendar feed', await t.http().get(`/calendar/${'x'.repeat(43)}.ics`)],
      ['queue dashboard', await t.http().get('/admin/queues')],
      ['API document', await t.http().get('/docs-json')],
    ] as const) {
      expectSecurityHeaders(res, label);
    }
  });

  it('keeps the API page working under its CSP: no inline script, every script and style file loads', async () => {
    const page = await t.http().get('/docs').redirects(2).expect(200);
    expectSecurityHeaders(page, '/docs');
    expect(page.text).toContain('swagger');
    // Relative to the page's own address (`./docs/…` from `/docs`).
    const base = new URL('http://x/docs');
    const assets = [...scriptsOf(page.text), ...stylesOf(page.text)];
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const path = new URL(asset, base).pathname;
      const res = await t.http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/javascript|css/);
      // The same for everyone and without personal data: browsers may cache it.
      expectSecurityHeaders(res, path, { cacheable: true });
    }
  });

  it('keeps the queue dashboard working under its CSP', async () => {
    const admin = await t.login('admin');
    const opened = await t.http().get(`/admin/queues?token=${admin.token}`).expect(303);
    expectSecurityHeaders(opened, 'dashboard login');
    const cookie = String(opened.headers['set-cookie']).split(';')[0];
    const page = await t.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    expectSecurityHeaders(page, '/admin/queues');
    const assets = [...scriptsOf(page.text), ...stylesOf(page.text)];
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const path = new URL(asset, 'http://x/admin/queues/').pathname;
      const res = await t.http().get(path).set('Cookie', cookie).expect(200);
      expectSecurityHeaders(res, path, { cacheable: true });
    }
    const api = await t.http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    expectSecurityHeaders(api, 'dashboard API');
  });

  it('sends HSTS only over TLS: a trusted proxy’s X-Forwarded-Proto counts, an untrusted one does not', async () => {
    const secure = await behindProxy.http().get('/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains/);
    const plain = await behindProxy.http().get('/health').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const spoofed = await t.http().get('/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});
