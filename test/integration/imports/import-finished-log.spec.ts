import fc from 'fast-check';
import { QUEUE_BACKENDS, Session, startTestApp, TestApp } from '../../support/test-app';
import { ATTORNEY_HEADER, attorneyRow, CHILD_HEADER, childRow, Row, toCsv } from './fixtures';

// nestjs-pino builds one pino-http instance per process, on first use, and every later application in the
// process logs through it: one capture for the whole file; each backend's run reads what it added.
const logged: string[] = [];
const capture = { write: (line: string) => void logged.push(line) };

interface Planned {
  kind: 'children' | 'attorneys';
  good: number;
  bad: number;
  queued: boolean;
  dryRun: boolean;
  /** A file refused as a whole (unknown column): the import ends failed. */
  refused: boolean;
}

const plans = fc.array(
  fc.record({
    kind: fc.constantFrom<Planned['kind']>('children', 'attorneys'),
    good: fc.integer({ min: 0, max: 3 }),
    bad: fc.integer({ min: 0, max: 2 }),
    queued: fc.boolean(),
    dryRun: fc.boolean(),
    refused: fc.boolean(),
  }),
  { minLength: 3, maxLength: 8 },
);

/** Everything a line may carry besides pino's own fields. */
const EVENT_FIELDS = [
  'importId',
  'organizationId',
  'kind',
  'mode',
  'dryRun',
  'status',
  'rowsOk',
  'rowsFailed',
  'created',
  'updated',
  'unchanged',
  'stoppedEarly',
  'failureCode',
  'durationMs',
].sort();

describe.each(QUEUE_BACKENDS)('one "import finished" line per import (queue on %s)', (backend) => {
  let t: TestApp;
  let coordinator: Session;
  let firstLine = 0;

  beforeAll(async () => {
    firstLine = logged.length;
    t = await startTestApp({ backend, env: { LOG_LEVEL: 'info' }, logs: capture });
    coordinator = await t.login('coordinator');
  });
  afterAll(() => t.close());

  it('logs each import once when it ends, inline or queued, completed or failed, with ids and counts only', async () => {
    const planned = fc.sample(plans, { numRuns: 1, seed: backend === 'redis' ? 11 : 7 })[0];
    // The personal values in the files and their names must not reach the line.
    const secrets = ['Yesenia', 'Ajpopcumatz', 'yesenia.family@example.org', 'Menchacatzul-family.csv'];
    const runs: Array<{ id: string; plan: Planned }> = [];
    for (const generated of planned) {
      // A file needs a row; a plan without any gets one good row.
      const plan = { ...generated, good: generated.good + generated.bad === 0 ? 1 : generated.good };
      const rows: Row[] = [];
      for (let i = 0; i < plan.good; i++)
        rows.push(
          plan.kind === 'children'
            ? childRow({
                first_name: 'Yesenia',
                last_name: 'Ajpopcumatz',
                email: 'yesenia.family@example.org',
              })
            : attorneyRow({ display_name: 'Yesenia Ajpopcumatz' }),
        );
      for (let i = 0; i < plan.bad; i++)
        rows.push(
          plan.kind === 'children'
            ? childRow({ first_name: 'Yesenia', zip: '00000' })
            : attorneyRow({ email: 'not-an-email' }),
        );
      const header = plan.kind === 'children' ? CHILD_HEADER : ATTORNEY_HEADER;
      const csv = toCsv(rows, plan.refused ? [...header, 'shoe_size'] : header);
      const query = [plan.queued ? 'async=true' : '', plan.dryRun ? 'dryRun=true' : ''].filter(Boolean);
      const res = await t
        .http()
        .post(`/imports/${plan.kind}${query.length ? `?${query.join('&')}` : ''}`)
        .set(coordinator.auth)
        .attach('file', Buffer.from(csv), { filename: 'Menchacatzul-family.csv', contentType: 'text/csv' });
      expect(res.status).toBe(plan.refused ? 400 : plan.queued ? 202 : 200);
      runs.push({ id: await importIdOf(res.body as { id?: string }), plan });
    }

    const linesOf = () =>
      logged
        .slice(firstLine)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'import finished');
    const deadline = Date.now() + 60_000;
    while (!runs.every(({ id }) => linesOf().some((l) => l.importId === id))) {
      if (Date.now() > deadline) throw new Error('not every import logged "import finished"');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500)); // a second line would have come by now

    const lines = linesOf();
    expect(lines).toHaveLength(runs.length);
    for (const { id, plan } of runs) {
      const mine = lines.filter((l) => l.importId === id);
      expect(mine).toHaveLength(1);
      const [line] = mine;
      expect(line.level).toBe(30); // info
      expect(line).toMatchObject(
        plan.refused
          ? { kind: plan.kind, status: 'failed', failureCode: 'unknown_columns', dryRun: plan.dryRun }
          : {
              kind: plan.kind,
              mode: plan.queued ? 'async' : 'sync',
              status: 'completed',
              dryRun: plan.dryRun,
              organizationId: coordinator.organizationId,
              rowsOk: plan.good,
              rowsFailed: plan.bad,
              created: plan.good,
              stoppedEarly: false,
            },
      );
      expect(typeof line.durationMs === 'number' || line.durationMs === null).toBe(true);
      const eventFields = Object.keys(line).filter((k) => EVENT_FIELDS.includes(k));
      const unknown = Object.keys(line).filter(
        (k) =>
          !EVENT_FIELDS.includes(k) &&
          !['level', 'time', 'pid', 'hostname', 'context', 'msg', 'req', 'requestId'].includes(k),
      );
      expect({ id, unknown }).toEqual({ id, unknown: [] });
      expect(eventFields.length).toBeGreaterThanOrEqual(6);
      const text = JSON.stringify(line);
      for (const secret of secrets)
        expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  }, 180_000);

  /** A refused upload answers 400 without an id: the newest import of the organization is the one. */
  async function importIdOf(body: { id?: string }): Promise<string> {
    if (body.id) return body.id;
    const list = await t.http().get('/imports').set(coordinator.auth).expect(200);
    return (list.body as { items: Array<{ id: string }> }).items[0].id;
  }
});
