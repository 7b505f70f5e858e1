import { QUEUE_BACKENDS, startTestApp, TestApp } from '../../support/test-app';

describe.each(QUEUE_BACKENDS)('health and operations (queue on %s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  });
  afterAll(() => t.close());

  it('answers liveness without login', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports the database and the queue backend as ready', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.queue).toMatchObject({ status: 'up', backend });
  });

  it('serves the OpenAPI page and document', async () => {
    await t.http().get('/docs').expect(200).expect('content-type', /html/);
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/courts', '/health/ready']),
    );
  });

  it('exposes Prometheus metrics including HTTP timings by route', async () => {
    await t.http().get('/health').expect(200);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toContain('amparo_http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/route="\/health"/);
    expect(res.text).toContain('amparo_process_cpu_user_seconds_total');
  });

  it('echoes a sane X-Request-Id and puts it in error bodies', async () => {
    const res = await t.http().get('/courts').set('X-Request-Id', 'trace-12345678').expect(401);
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'unauthenticated',
      message: expect.stringContaining('Log in'),
      requestId: 'trace-12345678',
    });
  });

  it('replaces an unacceptable X-Request-Id with its own', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const { token } = await t.login('admin');
    const res = await t.http().get('/no-such-thing').set('Authorization', `Bearer ${token}`).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});
