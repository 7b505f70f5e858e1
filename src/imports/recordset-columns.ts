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
