import fc from 'fast-check';
import { DataSource, QueryRunner } from 'typeorm';
import {
  AttorneyFacts,
  CalendarFeedFacts,
  CaseFacts,
  ChildFacts,
  OrganizationFacts,
  OrganizationRecordFacts,
  Policy,
  positional,
  Resource,
  Viewer,
  visibility,
} from '../../../src/auth/visibility';
import { createTestDatabase } from '../../support/test-database';

/**
 * For generated worlds (organizations, attorneys and what they volunteer for, children, cases with or without an
 * attorney in every status, what hangs off cases, offers, organizations' records, calendar feeds) and every kind of
 * viewer (admin, coordinator of an organization / of one that is not there / of none, attorney with or without a
 * profile), each policy's SQL predicate selects, in a real PostgreSQL, exactly the rows its check accepts. Both
 * the raw-SQL form (placeholders after values already there) and the TypeORM query-builder form are evaluated.
 *
 * The rows live in minimal tables of a separate schema holding only the columns the predicates read; a first test
 * proves those columns exist in the migrated schema, so the predicates also fit the real tables.
 */

const FIXTURE_SCHEMA = 'visibility_fixture';

/** Each table's columns read by the predicates. */
const TABLES: Record<string, Record<string, string>> = {
  organizations: { id: 'uuid' },
  attorneys: { id: 'uuid', user_id: 'uuid' },
  attorney_organizations: { attorney_id: 'uuid', organization_id: 'uuid' },
  children: { id: 'uuid', organization_id: 'uuid' },
  cases: { id: 'uuid', organization_id: 'uuid', child_id: 'uuid', attorney_id: 'uuid', status: 'text' },
  hearings: { id: 'uuid', case_id: 'uuid' },
  deadlines: { id: 'uuid', case_id: 'uuid' },
  reminders: { id: 'uuid', case_id: 'uuid' },
  offers: { id: 'uuid', organization_id: 'uuid', attorney_id: 'uuid' },
  matching_plans: { id: 'uuid', organization_id: 'uuid' },
  imports: { id: 'uuid', organization_id: 'uuid' },
  coordinator_tasks: { id: 'uuid', organization_id: 'uuid' },
  // The family's organization of a stop is joined in by the service (child or sponsor's child), not a column.
  reminder_stops: { id: 'uuid', organization_id: 'uuid' },
  calendar_feeds: { id: 'uuid', organization_id: 'uuid', attorney_id: 'uuid' },
};
const DERIVED_COLUMNS = new Set(['reminder_stops.organization_id']);

/** The table and alias each policy is evaluated on (aliases as the services use them, `a` and `o` included). */
const ON: Record<Resource, { table: string; alias: string }> = {
  case: { table: 'cases', alias: 'k' },
  hearing: { table: 'hearings', alias: 'h' },
  deadline: { table: 'deadlines', alias: 'd' },
  reminder: { table: 'reminders', alias: 'r' },
  offer: { table: 'offers', alias: 'o' },
  child: { table: 'children', alias: 'c' },
  attorney: { table: 'attorneys', alias: 'a' },
  organization: { table: 'organizations', alias: 'o' },
  plan: { table: 'matching_plans', alias: 'p' },
  import: { table: 'imports', alias: 'i' },
  task: { table: 'coordinator_tasks', alias: 't' },
  reminderStop: { table: 'reminder_stops', alias: 'st' },
  calendarFeed: { table: 'calendar_feeds', alias: 'f' },
};

const STATUSES = ['intake', 'seeking_counsel', 'offered', 'represented', 'closed'] as const;

/** Distinct, readable ids: a kind digit and a counter. */
const idOf = (kind: number, n: number) =>
  `00000000-0000-4000-8000-${kind.toString().padStart(4, '0')}${n.toString().padStart(8, '0')}`;

interface WorldShape {
  organizations: number;
  attorneys: { organizations: number[] }[];
  children: { organization: number }[];
  cases: { child: number; attorney: number | null; status: (typeof STATUSES)[number] }[];
  hanging: { case: number; kind: 'hearings' | 'deadlines' | 'reminders' }[];
  offers: { organization: number; attorney: number }[];
  records: {
    table: 'matching_plans' | 'imports' | 'coordinator_tasks' | 'reminder_stops';
    organization: number | null;
  }[];
  feeds: { organization: number | null; attorney: number | null }[];
  attorneyViewerOrganization: number | null;
}

const worldShape: fc.Arbitrary<WorldShape> = fc.record({
  organizations: fc.integer({ min: 1, max: 3 }),
  attorneys: fc.array(fc.record({ organizations: fc.uniqueArray(fc.nat(3), { maxLength: 3 }) }), {
    maxLength: 4,
  }),
  children: fc.array(fc.record({ organization: fc.nat(3) }), { maxLength: 5 }),
  cases: fc.array(
    fc.record({
      child: fc.nat(5),
      attorney: fc.option(fc.nat(4), { nil: null }),
      status: fc.constantFrom(...STATUSES),
    }),
    { maxLength: 8 },
  ),
  hanging: fc.array(
    fc.record({
      case: fc.nat(8),
      kind: fc.constantFrom('hearings' as const, 'deadlines' as const, 'reminders' as const),
    }),
    { maxLength: 10 },
  ),
  offers: fc.array(fc.record({ organization: fc.nat(3), attorney: fc.nat(4) }), { maxLength: 5 }),
  records: fc.array(
    fc.record({
      table: fc.constantFrom(
        'matching_plans' as const,
        'imports' as const,
        'coordinator_tasks' as const,
        'reminder_stops' as const,
      ),
      organization: fc.option(fc.nat(3), { nil: null }),
    }),
    { maxLength: 8 },
  ),
  feeds: fc.array(
    fc.oneof(
      fc.record({ organization: fc.nat(3), attorney: fc.constant(null) }),
      fc.record({ organization: fc.constant(null), attorney: fc.nat(4) }),
    ),
    { maxLength: 4 },
  ),
  attorneyViewerOrganization: fc.option(fc.nat(3), { nil: null }),
});

interface World {
  rows: Record<string, Record<string, unknown>[]>;
  /** Per resource: each row's id and the facts its check is given. */
  facts: Record<Resource, { id: string; facts: unknown }[]>;
  viewers: Viewer[];
}

/** Builds the rows (references picked modulo what exists) and, independently of SQL, each row's facts. */
function build(shape: WorldShape): World {
  const orgs = Array.from({ length: shape.organizations }, (_, i) => idOf(1, i));
  const org = (n: number) => orgs[n % orgs.length];
  const attorneys = shape.attorneys.map((a, i) => ({
    id: idOf(2, i),
    userId: idOf(3, i),
    organizationIds: [...new Set(a.organizations.map(org))],
  }));
  const attorneyAt = (n: number | null) =>
    n === null || attorneys.length === 0 ? null : attorneys[n % attorneys.length];
  const children = shape.children.map((c, i) => ({ id: idOf(4, i), organizationId: org(c.organization) }));
  const cases = children.length
    ? shape.cases.map((k, i) => {
        const child = children[k.child % children.length];
        return {
          id: idOf(5, i),
          childId: child.id,
          organizationId: child.organizationId,
          attorney: attorneyAt(k.attorney),
          status: k.status,
        };
      })
    : [];
  const caseFacts = (k: (typeof cases)[number]): CaseFacts => ({
    organizationId: k.organizationId,
    attorneyUserId: k.attorney?.userId ?? null,
  });
  const hanging = cases.length
    ? shape.hanging.map((h, i) => ({ id: idOf(6, i), kind: h.kind, legalCase: cases[h.case % cases.length] }))
    : [];
  const offers = attorneys.length
    ? shape.offers.map((o, i) => ({
        id: idOf(7, i),
        organizationId: org(o.organization),
        attorney: attorneyAt(o.attorney)!,
      }))
    : [];
  const records = shape.records.map((r, i) => ({
    id: idOf(8, i),
    table: r.table,
    organizationId: r.organization === null ? null : org(r.organization),
  }));
  const feeds = shape.feeds.flatMap((f, i) => {
    const attorney = attorneyAt(f.attorney);
    if (f.attorney !== null && !attorney) return [];
    return [
      { id: idOf(9, i), organizationId: f.organization === null ? null : org(f.organization), attorney },
    ];
  });

  const rows: World['rows'] = {
    organizations: orgs.map((id) => ({ id })),
    attorneys: attorneys.map((a) => ({ id: a.id, user_id: a.userId })),
    attorney_organizations: attorneys.flatMap((a) =>
      a.organizationIds.map((o) => ({ attorney_id: a.id, organization_id: o })),
    ),
    children: children.map((c) => ({ id: c.id, organization_id: c.organizationId })),
    cases: cases.map((k) => ({
      id: k.id,
      organization_id: k.organizationId,
      child_id: k.childId,
      attorney_id: k.attorney?.id ?? null,
      status: k.status,
    })),
    hearings: [],
    deadlines: [],
    reminders: [],
    offers: offers.map((o) => ({ id: o.id, organization_id: o.organizationId, attorney_id: o.attorney.id })),
    matching_plans: [],
    imports: [],
    coordinator_tasks: [],
    reminder_stops: [],
    calendar_feeds: feeds.map((f) => ({
      id: f.id,
      organization_id: f.organizationId,
      attorney_id: f.attorney?.id ?? null,
    })),
  };
  for (const h of hanging) rows[h.kind].push({ id: h.id, case_id: h.legalCase.id });
  for (const r of records) rows[r.table].push({ id: r.id, organization_id: r.organizationId });

  const hangingOf = (kind: string) =>
    hanging.filter((h) => h.kind === kind).map((h) => ({ id: h.id, facts: caseFacts(h.legalCase) }));
  const recordsOf = (table: string) =>
    records
      .filter((r) => r.table === table)
      .map((r) => ({
        id: r.id,
        facts: { organizationId: r.organizationId } satisfies OrganizationRecordFacts,
      }));
  const facts: World['facts'] = {
    case: cases.map((k) => ({ id: k.id, facts: caseFacts(k) })),
    hearing: hangingOf('hearings'),
    deadline: hangingOf('deadlines'),
    reminder: hangingOf('reminders'),
    offer: offers.map((o) => ({
      id: o.id,
      facts: { organizationId: o.organizationId, attorneyUserId: o.attorney.userId } satisfies CaseFacts,
    })),
    child: children.map((c) => ({
      id: c.id,
      facts: {
        organizationId: c.organizationId,
        representedByUserIds: cases
          .filter((k) => k.childId === c.id && k.status === 'represented' && k.attorney)
          .map((k) => k.attorney!.userId),
      } satisfies ChildFacts,
    })),
    attorney: attorneys.map((a) => ({
      id: a.id,
      facts: { userId: a.userId, organizationIds: a.organizationIds } satisfies AttorneyFacts,
    })),
    organization: orgs.map((id) => ({
      id,
      facts: {
        id,
        volunteerUserIds: attorneys.filter((a) => a.organizationIds.includes(id)).map((a) => a.userId),
      } satisfies OrganizationFacts,
    })),
    plan: recordsOf('matching_plans'),
    import: recordsOf('imports'),
    task: recordsOf('coordinator_tasks'),
    reminderStop: recordsOf('reminder_stops'),
    calendarFeed: feeds.map((f) => ({
      id: f.id,
      facts: {
        organizationId: f.organizationId,
        attorneyUserId: f.attorney?.userId ?? null,
      } satisfies CalendarFeedFacts,
    })),
  };

  const someone = (n: number) => idOf(10, n);
  const attorneyOrg =
    shape.attorneyViewerOrganization === null ? null : org(shape.attorneyViewerOrganization);
  const viewers: Viewer[] = [
    { id: someone(0), role: 'admin', organizationId: null },
    ...orgs.map((o, i): Viewer => ({ id: someone(1 + i), role: 'coordinator', organizationId: o })),
    { id: someone(5), role: 'coordinator', organizationId: idOf(1, 99) }, // an organization with no rows
    { id: someone(6), role: 'coordinator', organizationId: null }, // acts for no organization
    ...attorneys.map((a): Viewer => ({ id: a.userId, role: 'attorney', organizationId: attorneyOrg })),
    { id: someone(7), role: 'attorney', organizationId: attorneyOrg }, // an attorney account without a profile
  ];
  return { rows, facts, viewers };
}

describe('visibility: each policy’s SQL predicate selects exactly the rows its check accepts', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query(`CREATE SCHEMA ${FIXTURE_SCHEMA}`);
    for (const [table, columns] of Object.entries(TABLES)) {
      const list = Object.entries(columns).map(([name, type]) => `${name} ${type}`);
      await dataSource.query(`CREATE TABLE ${FIXTURE_SCHEMA}.${table} (${list.join(', ')})`);
    }
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reads only columns the migrated schema has', async () => {
    const real = (await dataSource.query(
      `SELECT table_name || '.' || column_name AS col FROM information_schema.columns WHERE table_schema = 'public'`,
    )) as { col: string }[];
    const have = new Set(real.map((r) => r.col));
    const read = Object.entries(TABLES).flatMap(([table, columns]) =>
      Object.keys(columns).map((c) => `${table}.${c}`),
    );
    expect(read.filter((c) => !DERIVED_COLUMNS.has(c) && !have.has(c))).toEqual([]);
  });

  async function inFixture<T>(world: World, body: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL search_path TO ${FIXTURE_SCHEMA}`);
      for (const [table, rows] of Object.entries(world.rows)) {
        if (rows.length)
          await runner.query(
            `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1)`,
            [JSON.stringify(rows)],
          );
      }
      return await body(runner);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const sorted = (ids: string[]) => [...ids].sort();

  it('for generated worlds and every viewer, in raw SQL and through a query builder', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(worldShape, async (shape) => {
        const world = build(shape);
        await inFixture(world, async (runner) => {
          for (const viewer of world.viewers) {
            for (const resource of Object.keys(ON) as Resource[]) {
              const { table, alias } = ON[resource];
              const policy: Policy<CaseFacts> = visibility[resource] as Policy<CaseFacts>;
              const checked = world.facts[resource]
                .filter((row) => {
                  try {
                    policy.check(viewer, row.facts as CaseFacts, row.id);
                    return true;
                  } catch {
                    return false;
                  }
                })
                .map((row) => row.id);
              // Raw SQL, numbering after a value already in the list.
              const values: unknown[] = [1];
              const raw = (await runner.query(
                `SELECT ${alias}.id FROM ${table} ${alias} WHERE $1::int = 1 AND ${policy.where(viewer, alias, positional(values))}`,
                values,
              )) as { id: string }[];
              const built = await runner.manager
                .createQueryBuilder()
                .select(`${alias}.id`, 'id')
                .from(table, alias)
                .where(...policy.forQueryBuilder(viewer, alias))
                .getRawMany<{ id: string }>();
              const context = `${resource} for ${JSON.stringify(viewer)}`;
              expect({ context, ids: sorted(raw.map((r) => r.id)) }).toEqual({
                context,
                ids: sorted(checked),
              });
              expect({ context, ids: sorted(built.map((r) => r.id)) }).toEqual({
                context,
                ids: sorted(checked),
              });
              compared++;
            }
          }
        });
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(40 * 13 * 4);
  });
});
