/**
 * CREATE SCHEMA and DROP SCHEMA (src/backend/commands/schemacmds.c, and dependency.c for
 * CASCADE). A schema holds tables; the model names a table in schema `s` `s.t`, and one in
 * `public` just `t` (parse-sql.ts). Dropping a schema with tables in it needs CASCADE, which
 * drops them, each under ACCESS EXCLUSIVE, as DROP TABLE does.
 */

import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';

/** 3F000 unless the schema of a table named `s.t` exists (public always does). */
export function requireSchemaOf(db: ModelDatabase, table: string): void {
  const dot = table.indexOf('.');
  if (dot === -1) return;
  const schema = table.slice(0, dot);
  if (!db.schemas.has(schema)) throw new ModelSqlError('3F000', `schema "${schema}" does not exist`);
}

export function* executeSchemaStatement(
  db: ModelDatabase,
  xact: ModelTransaction,
  statement: Statement & { kind: 'create-schema' | 'drop-schema' },
): Work<string> {
  if (statement.kind === 'create-schema') {
    if (db.schemas.has(statement.schema) || statement.schema === 'public') {
      if (statement.ifNotExists) return 'CREATE SCHEMA';
      throw new ModelSqlError('42P06', `schema "${statement.schema}" already exists`);
    }
    db.schemas.add(statement.schema);
    xact.onAbort.push(() => db.schemas.delete(statement.schema));
    return 'CREATE SCHEMA';
  }
  for (const schema of statement.schemas) {
    if (!db.schemas.has(schema)) {
      if (statement.ifExists) continue;
      throw new ModelSqlError('3F000', `schema "${schema}" does not exist`);
    }
    const tables = [...db.tables.keys()].filter((table) => table.startsWith(`${schema}.`));
    if (tables.length > 0 && !statement.cascade)
      throw new ModelSqlError('2BP01', `cannot drop schema ${schema} because other objects depend on it`);
    for (const table of tables) {
      yield* lockRelation(db.relationLocks, table, xact, 'ACCESS EXCLUSIVE');
      const heap = db.table(table);
      db.tables.delete(table);
      xact.onAbort.push(() => db.tables.set(table, heap));
    }
    db.schemas.delete(schema);
    xact.onAbort.push(() => db.schemas.add(schema));
  }
  return 'DROP SCHEMA';
}
