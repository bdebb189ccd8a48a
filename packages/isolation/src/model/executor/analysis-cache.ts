/**
 * Remembering a statement's analysis (bound expressions, the select list, the access path)
 * per table definition. PostgreSQL keeps plans for prepared statements the same way
 * (src/backend/utils/cache/plancache.c); the model re-runs the same few steps thousands of
 * times when it compares every permutation of a catalog, so it analyses each step once per
 * table shape.
 */
import type { HeapTable } from '../mvcc/heap.ts';
import type { Statement } from '../sql/sql-ast.ts';

const analyses = new WeakMap<Statement, Map<string, unknown>>();

/** `analyse(statement, table)`, computed once per statement and table definition. */
export function analysed<T>(statement: Statement, table: HeapTable, analyse: () => T): T {
  let byTable = analyses.get(statement);
  if (byTable === undefined) {
    byTable = new Map();
    analyses.set(statement, byTable);
  }
  if (byTable.has(table.signature)) return byTable.get(table.signature) as T;
  const analysis = analyse();
  byTable.set(table.signature, analysis);
  return analysis;
}
