/**
 * CREATE TABLE and DROP TABLE, for a scenario's setup and teardown. In PostgreSQL they are
 * transactional catalog changes (src/backend/commands/tablecmds.c); the model applies them at
 * once, which is all a scenario's setup needs: it runs before any session starts.
 */

import type { ModelDatabase } from '../model-database.ts';
import { HeapTable } from '../mvcc/heap.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { dropForeignKeys } from './foreign-keys.ts';

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
  const position = (name: string) => statement.columns.findIndex((column) => column.name === name);
  const primaryKey = statement.primaryKey.map(position);
  const include = statement.include?.map(position);
  const table = new HeapTable({
    name: statement.table,
    columns: statement.columns,
    primaryKey,
    ...(include === undefined ? {} : { include }),
  });
  if (statement.fillfactor !== undefined) {
    table.fillfactor = statement.fillfactor;
    table.reshaped();
  }
  db.tables.set(statement.table, table);
  return 'CREATE TABLE';
}

/** DROP TABLE a, b, …: all or none (a missing table fails the statement unless IF EXISTS). */
export function dropTable(db: ModelDatabase, statement: Statement & { kind: 'drop-table' }): string {
  const missing = statement.tables.find((table) => !db.tables.has(table));
  if (missing !== undefined && !statement.ifExists) {
    throw new ModelSqlError('42P01', `table "${missing}" does not exist`);
  }
  const tables = statement.tables.filter((table) => db.tables.has(table));
  dropForeignKeys(db, tables);
  for (const table of tables) db.tables.delete(table);
  return 'DROP TABLE';
}
