/**
 * Demo data: `npm run seed:demo -- --children 2000 --attorneys 500 [--seed 1]`.
 *
 * Creates a few organizations in the states that receive the most children, a coordinator for each, volunteer
 * attorneys near real immigration courts and children with sponsors spread over those states in proportion to
 * FY2023 releases, then a case for each child at the nearest court. Children and attorneys go through the CSV
 * import pipeline (same validation, encryption, audit); cases through the cases service. Everything is
 * synthetic. Run it again and nothing is duplicated (same seed: the same people, matched by A-number and
 * e-mail); a new --seed adds more. Prints the logins (one fresh password for every demo account) at the end.
 *
 * Works beside a running `npm start` (it joins that embedded database) or alone (it starts it), or against
 * DATABASE_URL.
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthenticatedUser } from '../src/auth/decorators';
import { hashPassword } from '../src/auth/passwords';
import { UsersService } from '../src/auth/users.service';
import { CaseType } from '../src/cases/case-status';
import { CasesService } from '../src/cases/cases.service';
import { RequestContext } from '../src/common/request-context';
import { prepareDatabase } from '../src/database/prepare-database';
import { ATTORNEY_COLUMNS, CHILD_COLUMNS } from '../src/imports/csv-columns';
import { ImportsService } from '../src/imports/imports.service';
import { ImportReportView } from '../src/imports/imports.views';
import { businessCalendarFor } from '../src/deadlines/engine/business-calendar';
import { localDateOf } from '../src/time';
import { HearingsService } from '../src/hearings/hearings.service';
import { OrganizationKind } from '../src/organizations/organization.entity';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { withAttachedDatabase } from './attach-database';
import {
  DemoGeography,
  demoAttorneys,
  demoChildren,
  demoHearing,
  Random,
  toCsv,
  topReleaseStates,
} from './demo-data';
import { parseFlags, scriptConfig } from './service-config';

const USAGE =
  'usage: npm run seed:demo -- [--children 2000] [--attorneys 500] [--seed 1] [--force (with NODE_ENV=production)]';

/** The share of open demo cases that have a hearing in the coming weeks (at most MAX_DEMO_HEARINGS). */
const HEARING_SHARE = 0.4;
const MAX_DEMO_HEARINGS = 400;

interface DemoOrganization {
  name: string;
  kind: OrganizationKind;
  state: string;
  /** The release states it serves. */
  states: string[];
  slug: string;
}

const ORGANIZATIONS: DemoOrganization[] = [
  {
    name: "Demo: Texas Children's Immigration Project",
    kind: 'legal_service_provider',
    state: 'TX',
    states: ['TX'],
    slug: 'tx',
  },
  {
    name: 'Demo: California Youth Legal Defense',
    kind: 'legal_service_provider',
    state: 'CA',
    states: ['CA'],
    slug: 'ca',
  },
  {
    name: 'Demo: Southeast Kids Legal Network',
    kind: 'legal_service_provider',
    state: 'FL',
    states: ['FL', 'GA', 'NC', 'TN'],
    slug: 'se',
  },
  {
    name: 'Demo: New York & New Jersey Pro Bono Program',
    kind: 'pro_bono_program',
    state: 'NY',
    states: ['NY', 'NJ'],
    slug: 'nynj',
  },
  {
    name: 'Demo: Capital Region Immigrant Youth Counsel',
    kind: 'legal_service_provider',
    state: 'MD',
    states: ['MD', 'VA'],
    slug: 'dmv',
  },
];

const CASE_TYPES: ReadonlyArray<readonly [CaseType, number]> = [
  ['removal_defense', 82],
  ['sijs', 10],
  ['asylum', 6],
  ['t_visa', 1],
  ['u_visa', 1],
];

function count(flags: Record<string, string>, name: string, fallback: number, max: number): number {
  const value = flags[name] === undefined ? fallback : Number(flags[name]);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    process.stderr.write(`--${name} must be a whole number from 0 to ${max}\n${USAGE}\n`);
    process.exit(2);
  }
  return value;
}

/** Runs `task` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

function problems(kind: string, org: DemoOrganization, report: ImportReportView): void {
  if (report.failed === 0) return;
  const sample = report.errors.slice(0, 5).map((e) => `row ${e.row} ${e.field ?? ''}: ${e.message}`);
  process.stderr.write(
    `warning: ${report.failed} ${kind} rows for ${org.slug} were refused:\n  ${sample.join('\n  ')}\n`,
  );
}

async function seed(
  app: INestApplicationContext,
  flags: { children: number; attorneys: number; seed: number },
  log: (s: string) => void,
) {
  const organizations = app.get(OrganizationsService);
  const users = app.get(UsersService);
  const imports = app.get(ImportsService);
  const cases = app.get(CasesService);
  const db = app.get(DataSource);

  const password = randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);

  // Organizations and their coordinators.
  const coordinators = new Map<string, AuthenticatedUser>();
  const orgIds = new Map<string, string>();
  for (const org of ORGANIZATIONS) {
    const [found] = (await db.query('SELECT id FROM organizations WHERE lower(name) = lower($1)', [
      org.name,
    ])) as { id: string }[];
    const id =
      found?.id ?? (await organizations.create({ name: org.name, kind: org.kind, state: org.state })).id;
    orgIds.set(org.slug, id);
    const email = `coordinator.${org.slug}@amparo-demo.example`;
    const [user] = (await db.query('SELECT id FROM users WHERE email = $1', [email])) as { id: string }[];
    const userId =
      user?.id ??
      (
        await users.create({
          email,
          role: 'coordinator',
          displayName: `${org.name.replace(/^Demo: /, '')} coordinator`,
          password,
          organizationId: id,
        })
      ).id;
    await db.query(
      'UPDATE users SET password_hash = $2, organization_id = $3, disabled_at = NULL WHERE id = $1',
      [userId, passwordHash, id],
    );
    coordinators.set(org.slug, {
      id: userId,
      email,
      role: 'coordinator',
      displayName: 'Demo coordinator',
      organizationId: id,
    });
  }
  const orgOfState = new Map(ORGANIZATIONS.flatMap((o) => o.states.map((s) => [s, o] as const)));
  const byOrg = <T extends { state: string }>(rows: T[]) =>
    ORGANIZATIONS.map((org) => ({
      org,
      rows: rows.filter((r) => orgOfState.get(r.state)?.slug === org.slug),
    }));
  const actorOf = (org: DemoOrganization) => ImportsService.actorOf(coordinators.get(org.slug)!);

  // Attorneys, through the CSV import (one file per organization).
  let started = Date.now();
  const attorneyRows = demoAttorneys(flags.attorneys, { seed: flags.seed });
  const attorneyTotals = { created: 0, updated: 0, unchanged: 0 };
  for (const { org, rows } of byOrg(attorneyRows)) {
    if (!rows.length) continue;
    const csv = toCsv(
      ATTORNEY_COLUMNS.map((c) => c.name),
      rows,
    );
    const report = await imports.importNow('attorneys', orgIds.get(org.slug)!, actorOf(org), {
      file: [Buffer.from(csv)],
      fileName: 'demo-attorneys.csv',
    });
    problems('attorney', org, report);
    for (const k of ['created', 'updated', 'unchanged'] as const) attorneyTotals[k] += report[k];
  }
  await db.query('UPDATE users SET password_hash = $1 WHERE email = ANY($2::citext[])', [
    passwordHash,
    attorneyRows.map((a) => a.email),
  ]);
  log(`attorneys: ${attorneyRows.length} (${fmtTotals(attorneyTotals)}) in ${Date.now() - started} ms`);

  // Children and sponsors, through the CSV import.
  started = Date.now();
  const childRows = demoChildren(flags.children, { seed: flags.seed, today: new Date() });
  const childTotals = { created: 0, updated: 0, unchanged: 0 };
  for (const { org, rows } of byOrg(childRows)) {
    if (!rows.length) continue;
    const csv = toCsv(
      CHILD_COLUMNS.map((c) => c.name),
      rows,
    );
    const report = await imports.importNow('children', orgIds.get(org.slug)!, actorOf(org), {
      file: [Buffer.from(csv)],
      fileName: 'demo-children.csv',
    });
    problems('child', org, report);
    for (const k of ['created', 'updated', 'unchanged'] as const) childTotals[k] += report[k];
  }
  log(`children: ${childRows.length} (${fmtTotals(childTotals)}) in ${Date.now() - started} ms`);

  // A case for every demo child that has none, at the nearest immigration court; most are seeking counsel.
  started = Date.now();
  const geo = new DemoGeography(topReleaseStates().map(([s]) => s));
  const random = new Random(flags.seed * 31 + 5);
  const open = (await db.query(
    `SELECT c.id, c.organization_id, c.latitude, c.longitude FROM children c
     WHERE c.organization_id = ANY($1::uuid[]) AND c.latitude IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.child_id = c.id)
     ORDER BY c.created_at, c.id`,
    [[...orgIds.values()]],
  )) as Array<{ id: string; organization_id: string; latitude: number; longitude: number }>;
  const plan = open.map((c) => ({
    child: c,
    caseType: random.weighted(CASE_TYPES),
    seeking: random.chance(0.7),
    court: geo.nearestCourt({ lat: c.latitude, lon: c.longitude }).code,
  }));
  const coordinatorOfOrg = new Map([...orgIds].map(([slug, id]) => [id, coordinators.get(slug)!]));
  await pool(plan, 6, async (p) => {
    const user = coordinatorOfOrg.get(p.child.organization_id)!;
    await RequestContext.run(
      { requestId: 'seed-demo', actor: { userId: user.id, role: user.role, email: user.email } },
      async () => {
        const created = await cases.create(user, {
          childId: p.child.id,
          caseType: p.caseType,
          courtCode: p.court,
        });
        if (p.seeking) await cases.transition(user, created.id, { status: 'seeking_counsel' });
      },
    );
  });
  log(
    `cases: ${plan.length} new (${plan.filter((p) => p.seeking).length} seeking counsel, the rest in intake) in ${Date.now() - started} ms`,
  );

  // Hearings in the coming weeks for some open cases without one, so reminders, calls to make and the digest
  // show at once. Through the hearings service: reminders are planned and deadlines computed as for any hearing.
  started = Date.now();
  const hearings = app.get(HearingsService);
  const toSchedule = (await db.query(
    `SELECT k.id, k.organization_id, k.court_code, co.time_zone,
            EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = k.id AND h.status = 'scheduled'
                      AND h.starts_at > now()) AS upcoming,
            coalesce(array_agg(cl.closed_on::text) FILTER (WHERE cl.closed_on IS NOT NULL), '{}') AS closures
       FROM cases k
       JOIN courts co ON co.code = k.court_code
       LEFT JOIN court_closures cl ON cl.court_code = k.court_code AND cl.closed_on >= current_date
      WHERE k.organization_id = ANY($1::uuid[]) AND k.status <> 'closed'
      GROUP BY k.id, co.time_zone
      ORDER BY k.created_at, k.id`,
    [[...orgIds.values()]],
  )) as Array<{
    id: string;
    organization_id: string;
    court_code: string;
    time_zone: string;
    upcoming: boolean;
    closures: string[];
  }>;
  const hearingRandom = new Random(flags.seed * 97 + 13);
  const now = new Date();
  // The same cases on every run (decided by case id), so running it again adds nothing while their hearings
  // are ahead, and gives them new ones once those have passed.
  const chosen = toSchedule
    .filter((k) => new Random(flags.seed ^ parseInt(k.id.slice(0, 8), 16)).chance(HEARING_SHARE))
    .slice(0, MAX_DEMO_HEARINGS)
    .filter((k) => !k.upcoming)
    .map((k) => ({
      k,
      hearing: demoHearing(hearingRandom, localDateOf(now, k.time_zone), businessCalendarFor(k.closures)),
    }));
  await pool(chosen, 4, async ({ k, hearing }) => {
    const user = coordinatorOfOrg.get(k.organization_id)!;
    await RequestContext.run(
      { requestId: 'seed-demo', actor: { userId: user.id, role: user.role, email: user.email } },
      () => hearings.create(user, k.id, hearing),
    );
  });
  log(`hearings: ${chosen.length} new in the next six weeks in ${Date.now() - started} ms`);
  return { password, coordinators, attorneyRows, childRows, orgIds };
}

function fmtTotals(t: { created: number; updated: number; unchanged: number }): string {
  return `${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged`;
}

async function summary(db: DataSource, orgIds: string[]): Promise<string[]> {
  const rows = (await db.query(
    `SELECT o.name,
       (SELECT count(*) FROM children c WHERE c.organization_id = o.id)::int AS children,
       (SELECT count(*) FROM attorney_organizations a WHERE a.organization_id = o.id)::int AS attorneys,
       (SELECT count(*) FROM cases k WHERE k.organization_id = o.id AND k.status = 'seeking_counsel')::int AS seeking
     FROM organizations o WHERE o.id = ANY($1::uuid[]) ORDER BY o.name`,
    [orgIds],
  )) as Array<{ name: string; children: number; attorneys: number; seeking: number }>;
  const languages = (await db.query(
    `SELECT c.primary_language AS code, l.name, count(*)::int AS n FROM children c JOIN languages l ON l.code = c.primary_language
     WHERE c.organization_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY n DESC LIMIT 8`,
    [orgIds],
  )) as Array<{ code: string; name: string; n: number }>;
  const states = (await db.query(
    `SELECT state, count(*)::int AS n FROM children WHERE organization_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY n DESC`,
    [orgIds],
  )) as Array<{ state: string; n: number }>;
  return [
    ...rows.map(
      (r) =>
        `  ${r.name.padEnd(50)} ${String(r.children).padStart(6)} children  ${String(r.attorneys).padStart(5)} attorneys  ${String(r.seeking).padStart(5)} cases seeking counsel`,
    ),
    `  children by state: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}`,
    `  primary languages: ${languages.map((l) => `${l.name} ${l.n}`).join(', ')}`,
  ];
}

async function main(): Promise<void> {
  const raw = parseFlags(process.argv.slice(2));
  if (raw.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const flags = {
    children: count(raw, 'children', 2000, 1_000_000),
    attorneys: count(raw, 'attorneys', 500, 100_000),
    seed: count(raw, 'seed', 1, 1_000_000),
  };
  const config = scriptConfig();
  if (config.env === 'production' && raw.force !== 'true') {
    process.stderr.write(
      'seed:demo writes made-up people with a printed password: refusing with NODE_ENV=production (add --force)\n',
    );
    process.exit(2);
  }
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  await withAttachedDatabase(config, async (url, attached) => {
    log(
      attached
        ? 'using the embedded database of the running service'
        : `database: ${config.database.url ? 'DATABASE_URL' : 'embedded (started for this run)'}`,
    );
    await prepareDatabase(url, { runMigrations: config.database.migrationsRun, crypto: config.crypto });
    const app = await NestFactory.createApplicationContext(
      AppModule.forRole({
        ...config,
        role: 'api',
        logLevel: 'warn',
        database: { ...config.database, url, poolSize: 8 },
      }),
      { logger: ['error', 'warn'] },
    );
    try {
      const result = await seed(app, flags, log);
      log('');
      log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      for (const line of await summary(app.get(DataSource), [...result.orgIds.values()])) log(line);
      log('');
      log(
        `Logins (POST /auth/login, then "Authorize" at /docs) — password for every demo account: ${result.password}`,
      );
      for (const [slug, user] of result.coordinators) log(`  coordinator (${slug.padEnd(4)})  ${user.email}`);
      for (const attorney of result.attorneyRows.slice(0, 3))
        log(`  attorney (${attorney.state})     ${attorney.email}`);
      log(
        `  admin: the development admin printed by \`npm start\` (also in ${config.dataDir}/dev-secrets.json)`,
      );
    } finally {
      await app.close();
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `seed:demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
