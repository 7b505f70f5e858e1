import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_HEARING_TIMES } from '../../../scripts/demo-data';
import { parseCalendarDate, isWeekend } from '../../../src/time';
import { isFederalHolidayDay } from '../../../src/deadlines/engine/federal-holidays';
import { createTestDatabase } from '../../support/test-database';

const root = join(__dirname, '..', '..', '..');

describe('npm run seed:demo', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  let db: Client;
  beforeAll(async () => {
    execFileSync(
      join(root, 'node_modules', '.bin', 'swc'),
      ['src', 'migrations', 'scripts', '-d', 'dist', '--quiet'],
      {
        cwd: root,
      },
    );
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'amparo-seed-'));
    const seedDemo = () => {
      const run = spawnSync(
        process.execPath,
        [
          join(root, 'dist', 'scripts', 'seed-demo.js'),
          '--children',
          '120',
          '--attorneys',
          '20',
          '--seed',
          '3',
        ],
        {
          cwd: root,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            NODE_ENV: 'development',
            DATA_DIR: dataDir,
            DATABASE_URL: database.url,
          },
          encoding: 'utf8',
          timeout: 240_000,
        },
      );
      if (run.status !== 0) throw new Error(`seed:demo failed (${run.status}): ${run.stderr}\n${run.stdout}`);
      return run.stdout;
    };
    expect(seedDemo()).toMatch(/hearings: [1-9]\d* new/);
    // Run again: the same cases, whose hearings are still ahead, so nothing is added.
    expect(seedDemo()).toMatch(/hearings: 0 new/);
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 300_000);
  afterAll(async () => {
    await db?.end();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);

  it('schedules hearings in the next 7 and 30 days, each on a court day at a docket time in the court’s zone', async () => {
    expect(
      await count(`SELECT count(*) AS n FROM hearings WHERE status = 'scheduled'
                    AND starts_at > now() AND starts_at <= now() + interval '7 days'`),
    ).toBeGreaterThan(0);
    expect(
      await count(`SELECT count(*) AS n FROM hearings WHERE status = 'scheduled'
                    AND starts_at > now() AND starts_at <= now() + interval '30 days'`),
    ).toBeGreaterThan(5);
    const { rows } = await db.query<{ local_date: string; local_time: string; closed: boolean }>(
      `SELECT to_char(h.starts_at AT TIME ZONE co.time_zone, 'YYYY-MM-DD') AS local_date,
              to_char(h.starts_at AT TIME ZONE co.time_zone, 'HH24:MI') AS local_time,
              EXISTS (SELECT 1 FROM court_closures cl WHERE cl.court_code = h.location_court_code
                        AND cl.closed_on = (h.starts_at AT TIME ZONE co.time_zone)::date) AS closed
         FROM hearings h JOIN courts co ON co.code = h.location_court_code`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const h of rows) {
      const day = parseCalendarDate(h.local_date);
      expect(isWeekend(day)).toBe(false);
      expect(isFederalHolidayDay(day)).toBe(false);
      expect(h.closed).toBe(false);
      expect(DEMO_HEARING_TIMES).toContain(h.local_time);
    }
  });

  it('leaves reminders planned for those hearings and calls for coordinators to make', async () => {
    expect(
      await count(
        `SELECT count(*) AS n FROM reminders WHERE subject_kind = 'hearing' AND status = 'scheduled'`,
      ),
    ).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM coordinator_tasks WHERE status = 'open'`)).toBeGreaterThan(
      0,
    );
  });
});
