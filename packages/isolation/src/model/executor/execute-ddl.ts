/**
 * CREATE TABLE's storage: a new heap and its primary key's index. What surrounds it (the
 * locks, inheritance, partitions, temporary tables, DROP TABLE) is in execute-hierarchy.ts.
 */

import type { ModelDatabase } from '../model-database.ts';
import { HeapTable, type TableDef } from '../mvcc/heap.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';

/**
 * The table a CREATE TABLE defines, made once per statement: a definition is never changed in
 * place (heap.ts), so every run of the same setup shares it, and with it its signature.
 */
function tableDefOf(statement: Statement & { kind: 'create-table' }): TableDef {
  let def = tableDefs.get(statement);
  if (def === undefined) {
    const position = (name: string) => statement.columns.findIndex((column) => column.name === name);
    const primaryKey = statement.primaryKey.map(position);
    const include = statement.include?.map(position);
    def = {
      name: statement.table,
      columns: statement.columns,
      primaryKey,
      ...(include === undefined ? {} : { include }),
    };
    tableDefs.set(statement, def);
  }
  return def;
}

const tableDefs = new WeakMap<Statement, TableDef>();

export function createTable(db: ModelDatabase, statement: Statement & { kind: 'create-table' }): string {
  if (db.tables.has(statement.table)) {
    throw new ModelSqlError('42P07', `relation "${statement.table}" already exists`);
  }
  const names = new Set<string>();
  for (const column of statement.columns) {
    if (names.has(column.name))
      throw new ModelSqlError('42701', `column "${column.name}" specified more than once`);
    names.add(column.name);
  }
  const table = new HeapTable(tableDefOf(statement));
  if (statement.fillfactor !== undefined) {
    table.fillfactor = statement.fillfactor;
    table.reshaped();
  }
  db.tables.set(statement.table, table);
  return 'CREATE TABLE';
}
