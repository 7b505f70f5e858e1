import type { ComputedDeadline, DeadlineNotice } from './engine';

/**
 * How stored deadlines follow a recomputation: a pure diff between the rows a case has and what the engine
 * computed now, matched by `key` (`ruleId@triggerRef`, stable across recomputations).
 *
 * - A computed deadline with no row is inserted, `open`.
 * - A row whose computed values changed is updated. Its status stays, except that a `missed` deadline whose
 *   due date moved is `open` again (the sweeper marks it missed again if the new date has passed too), and a
 *   `superseded` one whose trigger is back is `open` again.
 * - A row the engine no longer produces becomes `superseded`, unless it is `met` or `waived` (what counsel did
 *   stays on record) or its trigger is frozen: a hearing that has already taken place keeps its pre-hearing
 *   deadline as it was (the engine only computes them for hearings still ahead).
 * - When the case is closed, open deadlines become `superseded` and nothing new is computed; missed ones stay
 *   missed. Reopening the case brings them back.
 * Rows are never deleted.
 */

export type SyncedStatus = 'open' | 'met' | 'missed' | 'waived' | 'superseded';

/** The columns of a stored deadline the sync reads and writes. */
export interface StoredDeadline {
  readonly id: string;
  readonly key: string;
  readonly origin: 'rule' | 'manual';
  readonly ruleId: string;
  readonly triggerKind: string;
  readonly triggerRef: string;
  readonly triggerDate: string | null;
  readonly computedDate: string | null;
  readonly dueDate: string;
  readonly remindBy: string;
  readonly timeZone: string;
  readonly actor: string;
  readonly title: string;
  readonly explanation: string | null;
  readonly sourceStatus: string | null;
  readonly source: string | null;
  readonly status: SyncedStatus;
}

/** The computed columns, as stored. */
export interface DeadlineValues {
  ruleId: string;
  origin: 'rule' | 'manual';
  triggerKind: string;
  triggerRef: string;
  triggerDate: string;
  computedDate: string;
  dueDate: string;
  remindBy: string;
  timeZone: string;
  actor: ComputedDeadline['actor'];
  title: string;
  explanation: string;
  sourceStatus: ComputedDeadline['sourceStatus'];
  source: string;
}

export interface DeadlineInsert extends DeadlineValues {
  key: string;
}

export interface DeadlineUpdate {
  id: string;
  key: string;
  changes: Partial<DeadlineValues>;
  /** Set when the status changes too. */
  status?: { to: 'open'; note: string };
  /** The due date before the change, when it changed. */
  previousDueDate?: string;
}

export interface DeadlineSupersede {
  id: string;
  key: string;
  note: string;
}

export interface DeadlineSyncPlan {
  inserts: DeadlineInsert[];
  updates: DeadlineUpdate[];
  supersedes: DeadlineSupersede[];
}

export interface DeadlineSyncInput {
  readonly existing: readonly StoredDeadline[];
  readonly computed: readonly ComputedDeadline[];
  /** Engine notices: their explanation says why a deadline went away (replaced by hand, exempt ...). */
  readonly notices?: readonly DeadlineNotice[];
  /** The zone the computed dates are in (the court's). */
  readonly timeZone: string;
  /** Trigger refs whose rows stay as they are when the engine no longer produces them (past hearings). */
  readonly frozenTriggerRefs?: ReadonlySet<string>;
  readonly caseClosed?: boolean;
  /** Why the recomputation ran, for the notes on changed rows (e.g. 'hearing cancelled'). */
  readonly cause?: string;
}

const COMPARED: readonly (keyof DeadlineValues)[] = [
  'ruleId',
  'origin',
  'triggerKind',
  'triggerRef',
  'triggerDate',
  'computedDate',
  'dueDate',
  'remindBy',
  'timeZone',
  'actor',
  'title',
  'explanation',
  'sourceStatus',
  'source',
];

export function valuesOf(deadline: ComputedDeadline, timeZone: string): DeadlineValues {
  return {
    ruleId: deadline.ruleId,
    origin: deadline.origin,
    triggerKind: deadline.triggerKind,
    triggerRef: deadline.triggerRef,
    triggerDate: deadline.triggerDate,
    computedDate: deadline.computedDate,
    dueDate: deadline.dueDate,
    remindBy: deadline.remindBy,
    timeZone,
    actor: deadline.actor,
    title: deadline.title,
    explanation: deadline.explanation,
    sourceStatus: deadline.sourceStatus,
    source: deadline.source,
  };
}

function because(cause: string | undefined): string {
  return cause ? ` (${cause})` : '';
}

export function planDeadlineSync(input: DeadlineSyncInput): DeadlineSyncPlan {
  const plan: DeadlineSyncPlan = { inserts: [], updates: [], supersedes: [] };
  const byKey = new Map(input.existing.map((row) => [row.key, row]));
  const computed = input.caseClosed ? [] : input.computed;
  const computedKeys = new Set(computed.map((d) => d.key));

  for (const deadline of computed) {
    const values = valuesOf(deadline, input.timeZone);
    const row = byKey.get(deadline.key);
    if (!row) {
      plan.inserts.push({ key: deadline.key, ...values });
      continue;
    }
    const changes: Partial<DeadlineValues> = {};
    for (const column of COMPARED) {
      if (row[column] !== values[column]) Object.assign(changes, { [column]: values[column] });
    }
    const dueChanged = changes.dueDate !== undefined;
    let status: DeadlineUpdate['status'];
    if (row.status === 'superseded') {
      status = { to: 'open', note: `Applies again after recomputation${because(input.cause)}.` };
    } else if (row.status === 'missed' && dueChanged) {
      status = {
        to: 'open',
        note: `Due date changed from ${row.dueDate} to ${values.dueDate}${because(input.cause)}.`,
      };
    }
    if (Object.keys(changes).length > 0 || status) {
      plan.updates.push({
        id: row.id,
        key: row.key,
        changes,
        ...(status ? { status } : {}),
        ...(dueChanged ? { previousDueDate: row.dueDate } : {}),
      });
    }
  }

  const noticeByKey = new Map((input.notices ?? []).map((n) => [n.key, n]));
  for (const row of input.existing) {
    if (computedKeys.has(row.key)) continue;
    if (row.status === 'met' || row.status === 'waived' || row.status === 'superseded') continue;
    if (input.caseClosed) {
      if (row.status === 'open')
        plan.supersedes.push({ id: row.id, key: row.key, note: 'The case was closed.' });
      continue;
    }
    if (input.frozenTriggerRefs?.has(row.triggerRef)) continue;
    const notice = noticeByKey.get(row.key);
    const note = notice
      ? notice.explanation
      : `No longer applies after recomputation${because(input.cause)}: its trigger changed or went away.`;
    plan.supersedes.push({ id: row.id, key: row.key, note });
  }
  return plan;
}
