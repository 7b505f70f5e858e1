import { parseReminderDedupeKey, reminderGroupOf, type ReminderKeyParts } from './dedupe-key';
import type { PlannedReminder, ReminderPlan } from './types';

export type ReminderRowStatus = 'scheduled' | 'sent' | 'failed' | 'cancelled' | 'skipped';

/** The least the diff needs of a stored reminder row; the caller's own row type flows through. */
export interface ExistingReminderRow {
  dedupeKey: string;
  status: ReminderRowStatus;
}

export interface ReminderPlanDiff<R extends ExistingReminderRow, S extends PlannedReminder> {
  /** Scheduled rows no longer in the plan (old hearing version, cancelled hearing, stopped channel, ...). */
  toCancel: R[];
  /** Planned sends with no row yet. */
  toCreate: S[];
  /** Cancelled rows the plan wants again with the very same key: set back to 'scheduled' and re-add the job. */
  toRevive: { row: R; send: S }[];
  /** Every other existing row, left as it is (including sent, failed and skipped history). */
  unchanged: R[];
}

/**
 * Compares the rows already stored for ONE subject (every version of one hearing, or one deadline) with a
 * fresh plan for it. Every existing row lands in exactly one of toCancel / toRevive / unchanged.
 *
 * - Same key means same reminder (same version, recipient, channel, language, offset, send time), so
 *   re-planning an unchanged hearing gives nothing to do, and a new hearing version changes every key:
 *   all its scheduled rows are cancelled and the new ones created.
 * - A scheduled row whose send time has just passed (plan lists it as skipped 'passed') is kept: it is
 *   due or being sent right now, and the processor decides.
 * - Rows that are sent, failed or skipped are history and never touched.
 * - A planned catch-up is dropped if this recipient already has a live or finished row on that channel for
 *   this version: the catch-up is for people who would otherwise hear nothing, not a repeat.
 */
export function diffReminderPlans<R extends ExistingReminderRow, S extends PlannedReminder>(
  existingRows: readonly R[],
  plan: ReminderPlan<S>,
): ReminderPlanDiff<R, S> {
  const groupOf = (row: R): string => {
    const parts: ReminderKeyParts = parseReminderDedupeKey(row.dedupeKey);
    if (parts.subjectKind !== plan.subjectKind || parts.subjectId !== plan.subjectId) {
      throw new RangeError(
        `Row ${row.dedupeKey} is about ${parts.subjectKind} ${parts.subjectId}, not ${plan.subjectKind} ${plan.subjectId}`,
      );
    }
    return reminderGroupOf(parts);
  };
  const groups = new Map(existingRows.map((row) => [row, groupOf(row)] as const));

  const rowsByKey = new Map<string, R[]>();
  for (const row of existingRows) {
    const same = rowsByKey.get(row.dedupeKey);
    if (same) same.push(row);
    else rowsByKey.set(row.dedupeKey, [row]);
  }
  const plannedKeys = new Set(plan.sends.map((send) => send.dedupeKey));
  const passedKeys = new Set(plan.skipped.filter((s) => s.reason === 'passed').map((s) => s.dedupeKey));

  const toCancel: R[] = [];
  const keptGroups = new Set<string>();
  for (const row of existingRows) {
    const kept = plannedKeys.has(row.dedupeKey) || passedKeys.has(row.dedupeKey);
    if (row.status === 'scheduled' && !kept) toCancel.push(row);
    else if (row.status !== 'cancelled') keptGroups.add(groups.get(row) ?? '');
  }

  const toCreate: S[] = [];
  const toRevive: { row: R; send: S }[] = [];
  for (const send of plan.sends) {
    const rows = rowsByKey.get(send.dedupeKey) ?? [];
    if (rows.some((row) => row.status !== 'cancelled')) continue;
    if (send.catchUp && keptGroups.has(reminderGroupOf(parseReminderDedupeKey(send.dedupeKey)))) continue;
    if (rows.length > 0) toRevive.push({ row: rows[0], send });
    else toCreate.push(send);
  }

  const touched = new Set<R>([...toCancel, ...toRevive.map((r) => r.row)]);
  return { toCancel, toCreate, toRevive, unchanged: existingRows.filter((row) => !touched.has(row)) };
}
