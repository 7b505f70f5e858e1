import type { AuthenticatedUser } from './decorators';
import { AppError, forbidden, notFound } from '../common/app-error';

/**
 * Who sees what, in one place. Every resource has one policy with two faces that must agree:
 *
 * - `where(viewer, alias, param)`: a SQL predicate restricting a query on the resource's table (under `alias`) to
 *   what the viewer may see. Values go through `param`, so the same predicate serves raw SQL (`positional`, `$n`
 *   numbered after the values already there) and TypeORM query builders (`forQueryBuilder`, named parameters).
 *   Lists, console pages and reports (by organization, state or county) add their own filters and groupings around
 *   it and never repeat the rule.
 * - `check(viewer, facts, id)`: the same rule for one loaded row, described by its `facts`. Rows the viewer may
 *   not see answer the resource's 404, exactly like rows that do not exist, so existence does not leak.
 *
 * Both faces start from `reach(viewer)`: everything (admins), one organization (coordinators), one attorney's
 * matters (attorneys), or nothing. test/integration/auth/visibility.spec.ts proves, for generated users and rows,
 * that predicate and check agree in a real PostgreSQL. Pure: no I/O, no dependency injection.
 */

/** The part of a signed-in user that decides what they see. */
export type Viewer = Pick<AuthenticatedUser, 'id' | 'role' | 'organizationId'>;

/** What a viewer may see of one resource, before it is written as SQL or checked against a row. */
export type Reach =
  | { kind: 'everything' }
  | { kind: 'nothing' }
  | { kind: 'organization'; organizationId: string }
  | { kind: 'attorney'; userId: string };

/** Puts a value into the query and answers its placeholder. */
export type Placeholder = (value: unknown) => string;

/** `$n` placeholders for raw SQL: each value is appended to `values`, numbered after those already there. */
export function positional(values: unknown[]): Placeholder {
  return (value) => {
    values.push(value);
    return `$${values.length}`;
  };
}

export interface Policy<F> {
  reach(viewer: Viewer): Reach;
  /** A SQL boolean over the row under `alias`: true exactly for the rows `sees` accepts. */
  where(viewer: Viewer, alias: string, param: Placeholder): string;
  /** The predicate with named parameters, for `qb.andWhere(...policy.forQueryBuilder(user, alias))`. */
  forQueryBuilder(viewer: Viewer, alias: string): [string, Record<string, unknown>];
  /** Whether the viewer may see a row with these facts. */
  sees(viewer: Viewer, facts: F): boolean;
  /** Throws the resource's 404 unless the row exists (facts given) and the viewer may see it. */
  check(viewer: Viewer, facts: F | null | undefined, id: string): asserts facts is F;
  /** The resource's 404, for a row that is missing or not visible. */
  hidden(id: string): AppError;
}

interface Definition<F> {
  /** Which roles reach anything, and how. */
  reach(viewer: Viewer): Reach;
  /** SQL and fact test for an organization's rows (when `reach` can answer `organization`). */
  organization?: {
    sql(alias: string, organizationId: string): string;
    sees(facts: F, organizationId: string): boolean;
  };
  /** SQL and fact test for an attorney's rows (when `reach` can answer `attorney`). */
  attorney?: { sql(alias: string, userId: string): string; sees(facts: F, userId: string): boolean };
  hidden(id: string): AppError;
}

function policy<F>(definition: Definition<F>): Policy<F> {
  const self: Policy<F> = {
    reach: definition.reach,
    where(viewer, alias, param) {
      const reach = definition.reach(viewer);
      switch (reach.kind) {
        case 'everything':
          return 'TRUE';
        case 'nothing':
          return 'FALSE';
        case 'organization':
          return definition.organization!.sql(alias, param(reach.organizationId));
        case 'attorney':
          return definition.attorney!.sql(alias, param(reach.userId));
      }
    },
    forQueryBuilder(viewer, alias) {
      const params: Record<string, unknown> = {};
      const sql = self.where(viewer, alias, (value) => {
        // Named after the alias, so predicates on different aliases can share one query builder.
        const name = `visible_${alias}_${Object.keys(params).length}`;
        params[name] = value;
        return `:${name}`;
      });
      return [sql, params];
    },
    sees(viewer, facts) {
      const reach = definition.reach(viewer);
      switch (reach.kind) {
        case 'everything':
          return true;
        case 'nothing':
          return false;
        case 'organization':
          return definition.organization!.sees(facts, reach.organizationId);
        case 'attorney':
          return definition.attorney!.sees(facts, reach.userId);
      }
    },
    check(viewer, facts, id) {
      if (facts == null || !self.sees(viewer, facts)) throw definition.hidden(id);
    },
    hidden: definition.hidden,
  };
  return self;
}

/** Admins everything; coordinators their organization (nothing without one); attorneys their own matters. */
function staffAndCounsel(viewer: Viewer): Reach {
  if (viewer.role === 'admin') return { kind: 'everything' };
  if (viewer.role === 'coordinator')
    return viewer.organizationId
      ? { kind: 'organization', organizationId: viewer.organizationId }
      : { kind: 'nothing' };
  if (viewer.role === 'attorney') return { kind: 'attorney', userId: viewer.id };
  return { kind: 'nothing' };
}

/** Admins everything; coordinators their organization; attorneys nothing (the organization's own records). */
function staffOnly(viewer: Viewer): Reach {
  const reach = staffAndCounsel(viewer);
  return reach.kind === 'attorney' ? { kind: 'nothing' } : reach;
}

/** Rows that carry their organization in `alias.organization_id`. */
const organizationColumn = {
  sql: (alias: string, org: string) => `${alias}.organization_id = ${org}`,
  sees: (facts: { organizationId: string | null }, organizationId: string) =>
    facts.organizationId === organizationId,
};

const hiddenAs = (code: string, noun: string) => (id: string) =>
  notFound(code, `No ${noun} ${id} is visible to you.`);

/** `alias.column` is one of the attorney's profiles (a user has at most one). */
const ofAttorneyUser = (alias: string, column: string, userId: string) =>
  `${alias}.${column} IN (SELECT vis_a.id FROM attorneys vis_a WHERE vis_a.user_id = ${userId})`;

// ------------------------------------------------------------------------------------------------ cases and theirs

/** What decides who sees a case (and what hangs off it): its organization and the user of its attorney. */
export interface CaseFacts {
  organizationId: string;
  /** The user account of the case's attorney, if it has one. */
  attorneyUserId: string | null;
}

const caseOrganization = organizationColumn;
const caseAttorney = {
  sql: (alias: string, user: string) => ofAttorneyUser(alias, 'attorney_id', user),
  sees: (facts: CaseFacts, userId: string) => facts.attorneyUserId === userId,
};

/** Coordinators: their organization's cases. Attorneys: the cases assigned to them. */
const legalCase = policy<CaseFacts>({
  reach: staffAndCounsel,
  organization: caseOrganization,
  attorney: caseAttorney,
  hidden: hiddenAs('case_not_found', 'case'),
});

/** Rows that belong to a case (`alias.case_id`): visible exactly when their case is. */
function ofCase(code: string, noun: string): Policy<CaseFacts> {
  const viaCase = (caseSql: (alias: string, value: string) => string) => (alias: string, value: string) =>
    `${alias}.case_id IN (SELECT vis_k.id FROM cases vis_k WHERE ${caseSql('vis_k', value)})`;
  return policy<CaseFacts>({
    reach: staffAndCounsel,
    organization: { sql: viaCase(caseOrganization.sql), sees: caseOrganization.sees },
    attorney: { sql: viaCase(caseAttorney.sql), sees: caseAttorney.sees },
    hidden: hiddenAs(code, noun),
  });
}

/**
 * Offers carry their organization and attorney themselves. Attorneys: their own offers. What
 * OffersService.findVisible decides: `check(user, { organizationId: row.organization_id, attorneyUserId:
 * row.attorney_user_id }, offerId)`; its list: `where(user, 'o', positional(params))` (attorneys' lists still ask
 * for their profile first, which answers `attorney_profile_missing` without one).
 */
const offer = policy<CaseFacts>({
  reach: staffAndCounsel,
  organization: caseOrganization,
  attorney: caseAttorney,
  hidden: hiddenAs('offer_not_found', 'offer'),
});

// ------------------------------------------------------------------------------------------------ children

export interface ChildFacts {
  organizationId: string;
  /** The users of the attorneys who represent a case of this child (status `represented`). */
  representedByUserIds: readonly string[];
}

/** Coordinators: their organization's children. Attorneys: only children whose case they represent. */
const child = policy<ChildFacts>({
  reach: staffAndCounsel,
  organization: organizationColumn,
  attorney: {
    sql: (alias, user) =>
      `EXISTS (SELECT 1 FROM cases vis_k JOIN attorneys vis_a ON vis_a.id = vis_k.attorney_id
               WHERE vis_k.child_id = ${alias}.id AND vis_k.status = 'represented' AND vis_a.user_id = ${user})`,
    sees: (facts, userId) => facts.representedByUserIds.includes(userId),
  },
  hidden: hiddenAs('child_not_found', 'child'),
});

// ------------------------------------------------------------------------------------------------ attorneys

export interface AttorneyFacts {
  /** The attorney's own user account. */
  userId: string;
  /** The organizations the attorney volunteers with. */
  organizationIds: readonly string[];
}

/** Coordinators: attorneys who volunteer with their organization. Attorneys: only themselves. */
const attorney = policy<AttorneyFacts>({
  reach: staffAndCounsel,
  organization: {
    sql: (alias, org) =>
      `EXISTS (SELECT 1 FROM attorney_organizations vis_ao WHERE vis_ao.attorney_id = ${alias}.id AND vis_ao.organization_id = ${org})`,
    sees: (facts, organizationId) => facts.organizationIds.includes(organizationId),
  },
  attorney: {
    sql: (alias, user) => `${alias}.user_id = ${user}`,
    sees: (facts, userId) => facts.userId === userId,
  },
  hidden: hiddenAs('attorney_not_found', 'attorney'),
});

// ------------------------------------------------------------------------------------------------ organizations

export interface OrganizationFacts {
  id: string;
  /** The users of the attorneys who volunteer with the organization. */
  volunteerUserIds: readonly string[];
}

/** Coordinators: their own organization. Attorneys: those they volunteer with. */
const organization = policy<OrganizationFacts>({
  reach: staffAndCounsel,
  organization: {
    sql: (alias, org) => `${alias}.id = ${org}`,
    sees: (facts, organizationId) => facts.id === organizationId,
  },
  attorney: {
    sql: (alias, user) =>
      `${alias}.id IN (SELECT vis_ao.organization_id FROM attorney_organizations vis_ao
                       JOIN attorneys vis_a ON vis_a.id = vis_ao.attorney_id WHERE vis_a.user_id = ${user})`,
    sees: (facts, userId) => facts.volunteerUserIds.includes(userId),
  },
  hidden: hiddenAs('organization_not_found', 'organization'),
});

// ------------------------------------------------------------------------------------------------ organizations' own records

/** Records an organization keeps for itself (plans, imports, tasks, reminder stops): `alias.organization_id`. */
export interface OrganizationRecordFacts {
  /** null: the record belongs to no organization (e.g. a stop of a recipient who is no family member). */
  organizationId: string | null;
}

function organizationRecord(code: string, noun: string): Policy<OrganizationRecordFacts> {
  return policy<OrganizationRecordFacts>({
    reach: staffOnly,
    organization: organizationColumn,
    hidden: hiddenAs(code, noun),
  });
}

// ------------------------------------------------------------------------------------------------ calendar feeds

export interface CalendarFeedFacts {
  /** Set for an organization's feed. */
  organizationId: string | null;
  /** The user of the attorney whose feed it is, for an attorney's feed. */
  attorneyUserId: string | null;
}

/** A feed is personal: an attorney's own or their organization's for a coordinator. Admins have none. */
const calendarFeed = policy<CalendarFeedFacts>({
  reach: (viewer) => (viewer.role === 'admin' ? { kind: 'nothing' } : staffAndCounsel(viewer)),
  organization: organizationColumn,
  attorney: {
    sql: (alias, user) => ofAttorneyUser(alias, 'attorney_id', user),
    sees: (facts, userId) => facts.attorneyUserId === userId,
  },
  hidden: (id) => notFound('calendar_feed_not_found', `No calendar feed ${id} is yours.`),
});

/** Every resource's policy. */
export interface Visibility {
  case: Policy<CaseFacts>;
  hearing: Policy<CaseFacts>;
  deadline: Policy<CaseFacts>;
  reminder: Policy<CaseFacts>;
  offer: Policy<CaseFacts>;
  child: Policy<ChildFacts>;
  attorney: Policy<AttorneyFacts>;
  organization: Policy<OrganizationFacts>;
  plan: Policy<OrganizationRecordFacts>;
  import: Policy<OrganizationRecordFacts>;
  task: Policy<OrganizationRecordFacts>;
  reminderStop: Policy<OrganizationRecordFacts>;
  calendarFeed: Policy<CalendarFeedFacts>;
}

export const visibility: Visibility = {
  case: legalCase,
  hearing: ofCase('hearing_not_found', 'hearing'),
  deadline: ofCase('deadline_not_found', 'deadline'),
  reminder: ofCase('reminder_not_found', 'reminder'),
  offer,
  child,
  attorney,
  organization,
  plan: organizationRecord('plan_not_found', 'plan'),
  import: organizationRecord('import_not_found', 'import'),
  task: organizationRecord('task_not_found', 'task'),
  reminderStop: organizationRecord('reminder_stop_not_found', 'reminder stop'),
  calendarFeed,
};

export type Resource = keyof Visibility;

/** Whether the viewer sees every organization (and may therefore narrow a list to one they name). */
export function seesEveryOrganization(viewer: Viewer): boolean {
  return staffAndCounsel(viewer).kind === 'everything';
}

// ------------------------------------------------------------------------------------------------ acting for an organization

/**
 * The organization a coordinator acts for, or the one an admin names. Other organizations' records are
 * answered with 404, not 403, so their existence does not leak.
 */
export function actingOrganization(viewer: Viewer, requested: string | undefined): string {
  const reach = staffAndCounsel(viewer);
  if (reach.kind === 'everything') {
    if (!requested)
      throw notFound('organization_required', 'As an admin, say which organization: give organizationId.');
    return requested;
  }
  if (reach.kind === 'organization') {
    if (requested && requested !== reach.organizationId) {
      throw notFound('organization_not_found', `No organization ${requested} is visible to you.`);
    }
    return reach.organizationId;
  }
  throw notFound('organization_not_found', 'You do not act for an organization.');
}

/**
 * The organizations a new attorney joins: an admin's choice; a coordinator may name only their own, which is
 * always added.
 */
export function newAttorneyOrganizations(viewer: Viewer, requested: readonly string[]): string[] {
  const ids = new Set(requested);
  if (viewer.role === 'coordinator') {
    if ([...ids].some((id) => id !== viewer.organizationId)) {
      throw notFound(
        'organization_not_found',
        'Coordinators can add attorneys only to their own organization.',
      );
    }
    ids.add(viewer.organizationId!);
  }
  return [...ids];
}

/** Whether a viewer's change of an attorney's organizations drops the viewer's own (coordinators may not). */
export function dropsOwnOrganization(
  viewer: Viewer,
  organizationIds: readonly string[] | undefined,
): boolean {
  return (
    viewer.role === 'coordinator' &&
    organizationIds !== undefined &&
    !organizationIds.includes(viewer.organizationId!)
  );
}

/** Who a calendar feed is made for: an attorney's matters or a coordinator's organization; anyone else is refused. */
export function calendarFeedOwnerKind(
  viewer: Viewer,
): { kind: 'attorney' } | { kind: 'organization'; organizationId: string } {
  const reach = visibility.calendarFeed.reach(viewer);
  if (reach.kind === 'attorney') return { kind: 'attorney' };
  if (reach.kind === 'organization') return { kind: 'organization', organizationId: reach.organizationId };
  throw forbidden(
    'forbidden_role',
    'Calendar feeds are for attorneys (their matters) and coordinators (their organization).',
  );
}
