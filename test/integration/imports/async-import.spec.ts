import { DataSource } from 'typeorm';
import { CHILD_COLUMNS } from '../../../src/imports/csv-columns';
import { demoChildren, toCsv as demoCsv } from '../../../scripts/demo-data';
import { QUEUE_BACKENDS, startTestApp, Session, TestApp } from '../../support/test-app';
import { childRow, CHILD_HEADER, toCsv } from './fixtures';

interface ImportView {
  id: string;
  status: string;
  mode: string;
  estimatedRows: number | null;
  processedRows: number;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; field: string | null; message: string }[];
  failure: { code: string } | null;
}

const ROWS = 2_500; // three batches

describe.each(QUEUE_BACKENDS)('queued CSV import on %s', (backend) => {
  let api: TestApp;
  let coordinator: Session;
  const rows = demoChildren(ROWS, { seed: 7, today: new Date() });
  rows[1500] = { ...rows[1500], zip: '00000' };
  const csv = demoCsv(
    CHILD_COLUMNS.map((c) => c.name),
    rows,
  );

  beforeAll(async () => {
    api = await startTestApp({ backend, role: 'api' });
    coordinator = await api.login('coordinator');
  });
  afterAll(() => api.close());

  const post = (body: string, query = '?async=true') =>
    api
      .http()
      .post(`/imports/children${query}`)
      .set(coordinator.auth)
      .attach('file', Buffer.from(body), { filename: 'big.csv', contentType: 'text/csv' });

  async function follow(id: string, timeoutMs = 60_000): Promise<ImportView[]> {
    const seen: ImportView[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await api.http().get(`/imports/${id}`).set(coordinator.auth).expect(200);
      seen.push(res.body as ImportView);
      if (['completed', 'failed'].includes(res.body.status)) return seen;
      if (Date.now() > deadline)
        throw new Error(`import ${id} still ${res.body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('stores the upload encrypted, answers 202, and a worker process imports it with progress to the report', async () => {
    const accepted = await post(csv).expect(202);
    expect(accepted.headers.location).toBe(`/imports/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({
      status: 'queued',
      mode: 'async',
      estimatedRows: ROWS,
      processedRows: 0,
    });
    const db = api.app.get(DataSource);
    // Nobody processes it in an api-only process; meanwhile the stored file holds no A-number in clear.
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await api.http().get(`/imports/${accepted.body.id}`).set(coordinator.auth).expect(200)).body.status,
    ).toBe('queued');
    const stored = JSON.stringify(
      await db.query('SELECT data_enc FROM import_chunks WHERE import_id = $1', [accepted.body.id]),
    );
    expect(stored.length).toBeGreaterThan(1000);
    expect(stored).not.toContain(rows[0].a_number.slice(1));
    expect(stored).not.toContain('first_name');

    const worker = await startTestApp({ backend, role: 'worker', shareWith: api });
    try {
      const seen = await follow(accepted.body.id);
      const done = seen[seen.length - 1];
      expect(done).toMatchObject({
        status: 'completed',
        total: ROWS,
        processedRows: ROWS,
        created: ROWS - 1,
        failed: 1,
        errors: [{ row: 1502, field: 'zip', message: 'ZIP 00000 is not a known US ZIP code' }],
        failure: null,
      });
      const progress = seen.map((v) => v.processedRows);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress); // never goes backwards
      // Progress is visible while it runs (batches of 1,000 rows).
      expect(seen.some((v) => v.status === 'running' && v.processedRows > 0 && v.processedRows < ROWS)).toBe(
        true,
      );
      const count = (await db.query('SELECT count(*)::int AS n FROM children WHERE organization_id = $1', [
        coordinator.organizationId,
      ])) as {
        n: number;
      }[];
      expect(count[0].n).toBe(ROWS - 1);
      expect(
        await db.query('SELECT 1 FROM import_chunks WHERE import_id = $1', [accepted.body.id]),
      ).toHaveLength(0);

      // The same file again, queued: nothing new, nothing duplicated.
      const again = await post(csv).expect(202);
      const redo = (await follow(again.body.id)).pop()!;
      expect(redo).toMatchObject({ status: 'completed', created: 0, unchanged: ROWS - 1, failed: 1 });
    } finally {
      await worker.close();
    }
  });

  it('refuses a bad file while it uploads, before queueing anything', async () => {
    const res = await post(toCsv([childRow({ shoe_size: '38' })], [...CHILD_HEADER, 'shoe_size'])).expect(
      400,
    );
    expect(res.body.code).toBe('unknown_columns');
    expect((await post(`${CHILD_HEADER.join(',')}\n`).expect(400)).body.code).toBe('no_rows');
    expect((await post('').expect(400)).body.code).toBe('empty_file');
    const failed = await api
      .http()
      .get('/imports')
      .query({ status: 'failed' })
      .set(coordinator.auth)
      .expect(200);
    expect(failed.body.total).toBe(3);
    const chunks = await api.app.get(DataSource).query('SELECT count(*)::int AS n FROM import_chunks');
    expect(chunks[0].n).toBe(0);
  });
});
