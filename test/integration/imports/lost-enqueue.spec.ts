import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import { ImportsProcessor } from '../../../src/imports/imports.processor';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS, Session, startTestApp, TestApp } from '../../support/test-app';
import { ATTORNEY_HEADER, attorneyRow, childRow, toCsv } from './fixtures';

interface ImportView {
  id: string;
  kind: string;
  status: string;
  created: number;
  failed: number;
}

/** What happens to an accepted import's job in the API process. */
type Fate = 'added' | 'add fails' | 'add never happens';

interface Planned {
  kind: 'children' | 'attorneys';
  rows: number;
  fate: Fate;
}

const plans = fc.array(
  fc.record({
    kind: fc.constantFrom<Planned['kind']>('children', 'attorneys'),
    rows: fc.integer({ min: 1, max: 4 }),
    fate: fc.constantFrom<Fate>('added', 'add fails', 'add never happens'),
  }),
  { minLength: 1, maxLength: 4 },
);

/**
 * A queued import is committed first and its job added after the commit. When that add fails (the queue
 * unreachable) or never happens (the process dies between the commit and the add),
 * the upload is still accepted and the import still runs: workers re-add the jobs of pending imports when they
 * start and every minute.
 */
describe.each(QUEUE_BACKENDS)('queued import whose job is lost after the commit, on %s', (backend) => {
  let api: TestApp;
  let coordinator: Session;
  let queue: Queue;

  beforeAll(async () => {
    api = await startTestApp({ backend, role: 'api' });
    coordinator = await api.login('coordinator');
    queue = api.app.get<Queue>(getQueueToken(QUEUE.imports));
  });
  afterAll(() => api.close());

  const csvOf = (p: Planned) =>
    p.kind === 'children'
      ? toCsv(Array.from({ length: p.rows }, () => childRow()))
      : toCsv(
          Array.from({ length: p.rows }, () => attorneyRow()),
          ATTORNEY_HEADER,
        );

  /** Posts each planned import to the API-only process, failing or losing its job as planned; answers their ids. */
  async function accept(planned: Planned[]): Promise<string[]> {
    const ids: string[] = [];
    for (const p of planned) {
      const add = jest.spyOn(queue, 'add');
      if (p.fate === 'add fails') add.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
      // The process stopped between the commit and the add: the job never reaches the queue.
      if (p.fate === 'add never happens') add.mockResolvedValueOnce(undefined as never);
      try {
        const res = await api
          .http()
          .post(`/imports/${p.kind}?async=true`)
          .set(coordinator.auth)
          .attach('file', Buffer.from(csvOf(p)), { filename: 'upload.csv', contentType: 'text/csv' })
          .expect(202);
        expect(res.body).toMatchObject({ status: 'queued', mode: 'async' });
        expect(add).toHaveBeenCalledTimes(1);
        ids.push(res.body.id);
      } finally {
        add.mockRestore();
      }
      if (p.fate !== 'added') expect(await queue.getJob(ids[ids.length - 1])).toBeUndefined();
    }
    return ids;
  }

  async function finished(ids: string[], timeoutMs = 60_000): Promise<ImportView[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const views = await Promise.all(
        ids.map(
          async (id) =>
            (await api.http().get(`/imports/${id}`).set(coordinator.auth).expect(200)).body as ImportView,
        ),
      );
      if (views.every((v) => v.status === 'completed' || v.status === 'failed')) return views;
      if (Date.now() > deadline)
        throw new Error(`imports still pending: ${JSON.stringify(views.map((v) => v.status))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const expected = (planned: Planned[]) =>
    planned.map((p) => ({ kind: p.kind, status: 'completed', created: p.rows, failed: 0 }));

  it('runs them once a worker starts', async () => {
    const planned: Planned[] = [
      { kind: 'children', rows: 2, fate: 'add fails' },
      { kind: 'attorneys', rows: 1, fate: 'add never happens' },
      { kind: 'children', rows: 1, fate: 'added' },
    ];
    const ids = await accept(planned);
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await finished(ids, 0).catch(() => undefined);
    expect(waiting).toBeUndefined(); // nobody runs imports in an api-only process

    const worker = await startTestApp({ backend, role: 'worker', shareWith: api });
    try {
      expect(await finished(ids)).toMatchObject(expected(planned));
    } finally {
      await worker.close();
    }
  }, 180_000);

  it('runs them while workers are up, from the periodic re-check', async () => {
    const worker = await startTestApp({ backend, role: 'worker', shareWith: api });
    try {
      await fc.assert(
        fc.asyncProperty(plans, async (planned) => {
          const ids = await accept(planned);
          // Two ticks: if one was already running, the second starts after these imports were committed.
          await worker.app.get(ImportsProcessor).tick();
          await worker.app.get(ImportsProcessor).tick();
          expect(await finished(ids)).toMatchObject(expected(planned));
        }),
        { numRuns: 4 },
      );
    } finally {
      await worker.close();
    }
  }, 240_000);
});
