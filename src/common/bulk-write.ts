/*
 * What the domains' bulk writers (children, attorneys) share: the contract with their callers (a CSV import
 * today), SQL for a batch written as JSON, and change tracking.
 */
import { RequestActor } from './request-context';

/** Who writes a batch into which organization, and how the audit trail names where the records came from. */
export interface BulkWriteContext {
  organizationId: string;
  actor: RequestActor;
  /** Each record's audit row: this action, with these details beside the organization, operation and fields. */
  audit: { action: string; details: Record<string, unknown> };
}

export type BulkResult = 'created' | 'updated' | 'unchanged';

/** Why one record was not written; `row` is the caller's number for it, `field` the caller's name for the field. */
export interface BulkError {
  row: number;
  field: string | null;
  message: string;
}

/** One outcome per record given, carrying the caller's number for it. */
export type BulkOutcome = { row: number; result: BulkResult } | { row: number; error: BulkError };

/**
 * SQL fragments for writing a batch passed as one JSON array through `json_to_recordset`, all from one list of
 * (column, SQL type): the record definition for `AS x(…)`, the column list, `x.col, …` and `col = x.col, …`.
 */
export function recordsetColumns<K extends string>(columns: ReadonlyArray<readonly [K, string]>) {
  return {
    record: columns.map(([name, type]) => `${name} ${type}`).join(', '),
    list: columns.map(([name]) => name).join(', '),
    fromX: columns.map(([name]) => `x.${name}`).join(', '),
    setFromX: columns.map(([name]) => `${name} = x.${name}`).join(', '),
  };
}

/** Same values in the same order (a re-imported list that did not change leaves the row alone). */
export const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Applies a re-imported row to what is on record, field by field: `pick` keeps the stored value unless the row
 * gives a different one (a blank cell keeps what is on record), and lists each field that changed in `fields`.
 */
export function fieldChanges() {
  const fields: string[] = [];
  const pick = <T>(
    field: string,
    given: T | undefined,
    stored: T,
    same: (a: T, b: T) => boolean = (a, b) => a === b,
  ): T => {
    if (given === undefined || same(given, stored)) return stored;
    fields.push(field);
    return given;
  };
  return { fields, pick };
}
