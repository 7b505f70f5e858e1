import { DataSource } from 'typeorm';
import { AuditService } from '../../../src/audit/audit.service';
import { DeadlineSweeper } from '../../../src/deadlines/deadline-sweeper';
import { startTestApp, TestApp } from '../../support/test-app';
import { createCase } from '../hearings/support';

// PostgreSQL binds at most 65,535 parameters per statement: a multi-row INSERT with 7 a row fails past 9,362 rows.
const OVERDUE = 100_000;
const CASES = 40;

describe('missed-deadline sweep at scale', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) =>
    ((await db.query(sql, params)) as { n: number }[])[0].n;

  it(`marks ${OVERDUE.toLocaleString('en')} overdue deadlines missed and audits each, in one tick`, async () => {
    const coordinator = await t.login('coordinator');
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await createCase(t, coordinator)).caseId);
    const closed = await createCase(t, coordinator);
    await db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [closed.caseId]);
    // Set-based: OVERDUE open deadlines spread over the cases, due dates across a year in several court zones,
    // plus some that are not overdue yet and some of a closed case (neither may be marked).
    const insert = (
      caseIdsSql: string,
      count: number,
      dueSql: string,
      keyPrefix: string,
      params: unknown[],
    ) =>
      db.query(
        `INSERT INTO deadlines (case_id, key, rule_id, origin, trigger_kind, trigger_ref, due_date, remind_by,
                                time_zone, actor, title)
         SELECT ${caseIdsSql}, '${keyPrefix}' || g, 'manual', 'manual', 'manual', 'bulk:' || g,
                ${dueSql}, ${dueSql},
                (ARRAY['America/New_York','America/Chicago','America/Los_Angeles','Pacific/Honolulu','Pacific/Guam'])[1 + g % 5],
                'counsel', 'Bulk deadline ' || g
           FROM generate_series(1, ${count}) g`,
        params,
      );
    const started = Date.now();
    await insert(`($1::uuid[])[1 + g % ${CASES}]`, OVERDUE, `(date '2025-12-01' + (g % 360))`, 'overdue-', [
      caseIds,
    ]);
    await insert(`($1::uuid[])[1 + g % ${CASES}]`, 500, `(current_date + 3 + (g % 30))`, 'future-', [
      caseIds,
    ]);
    await insert(`$1::uuid`, 300, `(date '2026-01-15' + (g % 30))`, 'closed-', [closed.caseId]);
    const inserted = Date.now() - started;

    const sweepStarted = Date.now();
    const marked = await t.app.get(DeadlineSweeper).tick();
    const swept = Date.now() - sweepStarted;
    process.stderr.write(
      `[sweep scale] inserted ${OVERDUE} in ${inserted} ms; sweep marked ${marked.length} in ${swept} ms\n`,
    );

    expect(marked.length).toBe(OVERDUE);
    expect(new Set(marked).size).toBe(OVERDUE);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM deadlines WHERE key LIKE 'overdue-%' AND status = 'missed'`,
      ),
    ).toBe(OVERDUE);
    expect(
      await count(`SELECT count(*)::int AS n FROM deadlines WHERE key LIKE 'future-%' AND status = 'open'`),
    ).toBe(500);
    expect(
      await count(`SELECT count(*)::int AS n FROM deadlines WHERE key LIKE 'closed-%' AND status = 'open'`),
    ).toBe(300);
    expect(
      await count(
        `SELECT count(DISTINCT a.entity_id)::int AS n FROM audit_events a JOIN deadlines d ON d.id::text = a.entity_id
          WHERE a.action = 'deadline.missed' AND d.key LIKE 'overdue-%'`,
      ),
    ).toBe(OVERDUE);
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'deadline.missed'`)).toBe(
      OVERDUE,
    );
    // Loose bound (2 shared cores, colleagues' tests): minutes would mean per-row work crept back in.
    expect(swept).toBeLessThan(120_000);
    // Nothing left: the next tick marks nothing.
    expect(await t.app.get(DeadlineSweeper).tick()).toEqual([]);
  }, 300_000);

  it('records any number of audit entries in one call (array parameter, no 65,535 limit)', async () => {
    const sizes = [1, 9_363, 70_000];
    for (const size of sizes) {
      const action = `test.bulk_${size}`;
      await t.app.get(AuditService).recordMany(
        Array.from({ length: size }, (_, i) => ({
          action,
          entityType: 'test',
          entityId: String(i),
          details: { i, text: `quote ' and "double" and \\ backslash ${i}` },
          actor: { userId: '00000000-0000-4000-8000-000000000001', role: 'admin', email: 'a@example.org' },
        })),
      );
      expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE action = $1`, [action])).toBe(
        size,
      );
      const [first] = (await db.query(
        `SELECT entity_id, actor_user_id, actor_role, details FROM audit_events WHERE action = $1 ORDER BY id LIMIT 1`,
        [action],
      )) as {
        entity_id: string;
        actor_user_id: string;
        actor_role: string;
        details: { i: number; text: string };
      }[];
      expect(first).toEqual({
        entity_id: '0',
        actor_user_id: '00000000-0000-4000-8000-000000000001',
        actor_role: 'admin',
        details: { i: 0, text: `quote ' and "double" and \\ backslash 0` },
      });
    }
  }, 120_000);
});
