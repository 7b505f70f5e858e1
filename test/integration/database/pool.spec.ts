import fc from 'fast-check';
import { createPool } from '../../../src/database/pool';
import { createTestDatabase, terminateOtherSessions } from '../../support/test-database';

const until = async (done: () => boolean, timeoutMs = 10_000) => {
  for (const started = Date.now(); !done();) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a pg pool whose idle connections the server terminates', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('logs each lost connection, keeps the process alive and serves the next query on a fresh one', async () => {
    // Unhandled, the pool's 'error' event throws out of the socket handler: jest reports the
    // uncaught exception and fails this test.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (idle) => {
        const warnings: string[] = [];
        const pool = createPool({ connectionString: database.url, max: 5 }, (line) => warnings.push(line));
        try {
          // `idle` clients checked out at once, then returned: the pool keeps them open and idle.
          const clients = await Promise.all(Array.from({ length: idle }, () => pool.connect()));
          for (const c of clients) c.release();
          expect(pool.idleCount).toBe(idle);

          expect(await terminateOtherSessions(database.url)).toBeGreaterThanOrEqual(idle);
          await until(() => warnings.length >= idle && pool.idleCount === 0);

          expect(warnings).toHaveLength(idle);
          for (const w of warnings)
            expect(w).toMatch(/^database pool: an idle connection was lost \(.*terminat/);
          const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
          expect(rows).toEqual([{ one: 1 }]);
        } finally {
          await pool.end();
        }
      }),
      { numRuns: 4 },
    );
  });
});
