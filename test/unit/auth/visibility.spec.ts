import fc from 'fast-check';
import { AppError } from '../../../src/common/app-error';
import {
  actingOrganization,
  calendarFeedOwnerKind,
  CaseFacts,
  dropsOwnOrganization,
  newAttorneyOrganizations,
  Policy,
  positional,
  Resource,
  seesEveryOrganization,
  Viewer,
  visibility,
} from '../../../src/auth/visibility';

/**
 * The pure side of the access policy. That each SQL predicate selects exactly what its check accepts is proven in a
 * real PostgreSQL by test/integration/auth/visibility.spec.ts; here: the check keeps the rules the services had
 * (the oracles below are their former inline conditions), answers the resource's own 404 whether the row is missing
 * or hidden, and the predicate binds exactly the value the check compares with.
 */

const ids = ['a', 'b', 'c'].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
const anId = fc.constantFrom(...ids);
const viewer: fc.Arbitrary<Viewer> = fc.record({
  id: anId,
  role: fc.constantFrom('admin' as const, 'coordinator' as const, 'attorney' as const),
  organizationId: fc.option(anId, { nil: null }),
});
const staffViewer = viewer.filter((v) => v.role !== 'attorney');
const someIds = fc.uniqueArray(anId, { maxLength: 3 });

const caseFacts = fc.record({ organizationId: anId, attorneyUserId: fc.option(anId, { nil: null }) });
const childFacts = fc.record({ organizationId: anId, representedByUserIds: someIds });
const attorneyFacts = fc.record({ userId: anId, organizationIds: someIds });
const organizationFacts = fc.record({ id: anId, volunteerUserIds: someIds });
const recordFacts = fc.record({ organizationId: fc.option(anId, { nil: null }) });
const feedFacts = fc.oneof(
  fc.record({ organizationId: anId, attorneyUserId: fc.constant(null) }),
  fc.record({ organizationId: fc.constant(null), attorneyUserId: anId }),
);

const FACTS: Record<Resource, fc.Arbitrary<unknown>> = {
  case: caseFacts,
  hearing: caseFacts,
  deadline: caseFacts,
  reminder: caseFacts,
  offer: caseFacts,
  child: childFacts,
  attorney: attorneyFacts,
  organization: organizationFacts,
  plan: recordFacts,
  import: recordFacts,
  task: recordFacts,
  reminderStop: recordFacts,
  calendarFeed: feedFacts,
};

const NOT_FOUND: Record<Resource, [string, (id: string) => string]> = {
  case: ['case_not_found', (id) => `No case ${id} is visible to you.`],
  hearing: ['hearing_not_found', (id) => `No hearing ${id} is visible to you.`],
  deadline: ['deadline_not_found', (id) => `No deadline ${id} is visible to you.`],
  reminder: ['reminder_not_found', (id) => `No reminder ${id} is visible to you.`],
  offer: ['offer_not_found', (id) => `No offer ${id} is visible to you.`],
  child: ['child_not_found', (id) => `No child ${id} is visible to you.`],
  attorney: ['attorney_not_found', (id) => `No attorney ${id} is visible to you.`],
  organization: ['organization_not_found', (id) => `No organization ${id} is visible to you.`],
  plan: ['plan_not_found', (id) => `No plan ${id} is visible to you.`],
  import: ['import_not_found', (id) => `No import ${id} is visible to you.`],
  task: ['task_not_found', (id) => `No task ${id} is visible to you.`],
  reminderStop: ['reminder_stop_not_found', (id) => `No reminder stop ${id} is visible to you.`],
  calendarFeed: ['calendar_feed_not_found', (id) => `No calendar feed ${id} is yours.`],
};

const RESOURCES = Object.keys(FACTS) as Resource[];
const policyOf = (resource: Resource) => visibility[resource] as unknown as Policy<unknown>;

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('visibility checks', () => {
  it.each(RESOURCES)(
    '%s: a hidden or missing row answers the resource’s 404, a visible one passes',
    (resource) => {
      const policy = policyOf(resource);
      const [code, message] = NOT_FOUND[resource];
      fc.assert(
        fc.property(viewer, FACTS[resource], fc.uuid(), fc.boolean(), (v, facts, id, missing) => {
          const err = thrown(() => policy.check(v, missing ? undefined : facts, id));
          if (!missing && policy.sees(v, facts)) return expect(err).toBeUndefined();
          expect(err).toBeInstanceOf(AppError);
          const e = err as AppError;
          expect([e.getStatus(), e.code, e.message]).toEqual([404, code, message(id)]);
        }),
      );
    },
  );

  /** The rules as the services wrote them before the policy module (role decorators admit the roles shown). */
  const ORACLES: Partial<
    Record<Resource, { viewers: fc.Arbitrary<Viewer>; sees(v: Viewer, f: never): boolean }>
  > = {
    // cases.scope: coordinator → organization; attorney → cases of their profile; admin → all.
    case: {
      viewers: viewer,
      sees: (v, f: CaseFacts) =>
        v.role === 'admin' ||
        (v.role === 'coordinator' && f.organizationId === v.organizationId) ||
        (v.role === 'attorney' && f.attorneyUserId === v.id),
    },
    // offers.findVisible
    offer: {
      viewers: viewer,
      sees: (v, f: CaseFacts) =>
        v.role === 'admin' ||
        (v.role === 'coordinator' && f.organizationId === v.organizationId) ||
        (v.role === 'attorney' && f.attorneyUserId === v.id),
    },
    // children.scope
    child: {
      viewers: viewer,
      sees: (v, f: { organizationId: string; representedByUserIds: string[] }) =>
        v.role === 'admin' ||
        (v.role === 'coordinator' && f.organizationId === v.organizationId) ||
        (v.role === 'attorney' && f.representedByUserIds.includes(v.id)),
    },
    // attorneys.scope
    attorney: {
      viewers: viewer,
      sees: (v, f: { userId: string; organizationIds: string[] }) =>
        v.role === 'admin' ||
        (v.role === 'coordinator' &&
          v.organizationId !== null &&
          f.organizationIds.includes(v.organizationId)) ||
        (v.role === 'attorney' && f.userId === v.id),
    },
    // organizations.list
    organization: {
      viewers: viewer,
      sees: (v, f: { id: string; volunteerUserIds: string[] }) =>
        v.role === 'admin' ||
        (v.role === 'coordinator' && f.id === v.organizationId) ||
        (v.role === 'attorney' && f.volunteerUserIds.includes(v.id)),
    },
    // plans.findVisible (admins and coordinators)
    plan: {
      viewers: staffViewer,
      sees: (v, f: { organizationId: string | null }) =>
        v.role === 'admin' || f.organizationId === v.organizationId,
    },
    // imports.get (admins and coordinators)
    import: {
      viewers: staffViewer,
      sees: (v, f: { organizationId: string | null }) =>
        !(v.role !== 'admin' && f.organizationId !== v.organizationId),
    },
    // tasks.update (admins and coordinators)
    task: {
      viewers: staffViewer,
      sees: (v, f: { organizationId: string | null }) =>
        !(v.role === 'coordinator' && f.organizationId !== v.organizationId),
    },
    // reminder-stops.restartById (admins and coordinators)
    reminderStop: {
      viewers: staffViewer,
      sees: (v, f: { organizationId: string | null }) =>
        v.role === 'admin' || (f.organizationId !== null && f.organizationId === v.organizationId),
    },
  };

  it.each(Object.keys(ORACLES) as Resource[])('%s: the check keeps the rule the service had', (resource) => {
    const oracle = ORACLES[resource]!;
    const policy = policyOf(resource);
    fc.assert(
      fc.property(oracle.viewers, FACTS[resource], (v, facts) => {
        // A coordinator always has an organization (users.service); without one they see nothing either way.
        fc.pre(!(v.role === 'coordinator' && v.organizationId === null));
        expect(policy.sees(v, facts)).toBe(oracle.sees(v, facts as never));
      }),
    );
  });

  it.each(['hearing', 'deadline', 'reminder'] as const)(
    '%s: visible exactly when its case is',
    (resource) => {
      fc.assert(
        fc.property(viewer, caseFacts, (v, facts) => {
          expect(visibility[resource].sees(v, facts)).toBe(visibility.case.sees(v, facts));
        }),
      );
    },
  );
});

describe('visibility predicates', () => {
  it.each(RESOURCES)(
    '%s: bind exactly the value the check compares with, numbered after what the query holds',
    (resource) => {
      const policy = policyOf(resource);
      fc.assert(
        fc.property(
          viewer,
          fc.array(fc.anything(), { maxLength: 4 }),
          fc.array(FACTS[resource], { maxLength: 6 }),
          (v, before, rows) => {
            const values = [...before];
            const sql = policy.where(v, 'x', positional(values));
            const reach = policy.reach(v);
            const added = values.slice(before.length);
            expect(values.slice(0, before.length)).toEqual(before);
            if (reach.kind === 'everything') {
              expect([sql, added]).toEqual(['TRUE', []]);
              for (const f of rows) expect(policy.sees(v, f)).toBe(true);
            } else if (reach.kind === 'nothing') {
              expect([sql, added]).toEqual(['FALSE', []]);
              for (const f of rows) expect(policy.sees(v, f)).toBe(false);
            } else {
              // One value, the viewer's organization or user id, with its placeholder in the SQL on alias x.
              expect(added).toEqual([reach.kind === 'organization' ? v.organizationId : v.id]);
              expect(sql).toContain(`$${before.length + 1}`);
              expect(sql).not.toContain(`$${before.length + 2}`);
              expect(sql).toMatch(/\bx\./);
              // A row the check accepts mentions that value in its facts.
              for (const f of rows)
                if (policy.sees(v, f)) expect(JSON.stringify(f)).toContain(String(added[0]));
            }
          },
        ),
      );
    },
  );

  it.each(RESOURCES)('%s: the query-builder form names its parameters after the alias', (resource) => {
    const policy = policyOf(resource);
    fc.assert(
      fc.property(viewer, fc.constantFrom('k', 'a', 'o', 'child'), (v, alias) => {
        const [sql, params] = policy.forQueryBuilder(v, alias);
        const values: unknown[] = [];
        const positionalSql = policy.where(v, alias, positional(values));
        expect(Object.values(params)).toEqual(values);
        let n = 0;
        for (const name of Object.keys(params)) {
          expect(name.startsWith(`visible_${alias}_`)).toBe(true);
          expect(sql).toContain(`:${name}`);
          n++;
        }
        expect(sql.replace(/:visible_\w+_(\d+)/g, (_m, i: string) => `$${Number(i) + 1}`)).toBe(
          positionalSql,
        );
        expect(n).toBe(values.length);
      }),
    );
  });
});

describe('acting for an organization', () => {
  it('admins name one, coordinators act for theirs, others for none (404, no leak)', () => {
    fc.assert(
      fc.property(viewer, fc.option(anId, { nil: undefined }), (v, requested) => {
        const err = thrown(() => actingOrganization(v, requested)) as AppError | undefined;
        const acted = err ? undefined : actingOrganization(v, requested);
        if (v.role === 'admin') {
          if (requested) expect(acted).toBe(requested);
          else expect(err?.code).toBe('organization_required');
        } else if (
          v.role === 'coordinator' &&
          v.organizationId &&
          (!requested || requested === v.organizationId)
        ) {
          expect(acted).toBe(v.organizationId);
        } else {
          expect([err?.getStatus(), err?.code]).toEqual([404, 'organization_not_found']);
        }
      }),
    );
  });

  it('a coordinator adds attorneys only to their own organization, and cannot drop it', () => {
    fc.assert(
      fc.property(staffViewer, someIds, (v, requested) => {
        fc.pre(v.role === 'admin' || v.organizationId !== null);
        const err = thrown(() => newAttorneyOrganizations(v, requested)) as AppError | undefined;
        if (v.role === 'admin') {
          expect(newAttorneyOrganizations(v, requested)).toEqual(requested);
          expect(dropsOwnOrganization(v, requested)).toBe(false);
        } else {
          if (requested.some((id) => id !== v.organizationId))
            expect(err?.code).toBe('organization_not_found');
          else expect(newAttorneyOrganizations(v, requested)).toEqual([v.organizationId]);
          expect(dropsOwnOrganization(v, requested)).toBe(!requested.includes(v.organizationId!));
          expect(dropsOwnOrganization(v, undefined)).toBe(false);
        }
        expect(seesEveryOrganization(v)).toBe(v.role === 'admin');
      }),
    );
  });

  it('calendar feeds are made for attorneys and coordinators of an organization; others get 403', () => {
    fc.assert(
      fc.property(viewer, (v) => {
        const err = thrown(() => calendarFeedOwnerKind(v)) as AppError | undefined;
        if (v.role === 'attorney') expect(calendarFeedOwnerKind(v)).toEqual({ kind: 'attorney' });
        else if (v.role === 'coordinator' && v.organizationId)
          expect(calendarFeedOwnerKind(v)).toEqual({
            kind: 'organization',
            organizationId: v.organizationId,
          });
        else expect([err?.getStatus(), err?.code]).toEqual([403, 'forbidden_role']);
      }),
    );
  });
});
