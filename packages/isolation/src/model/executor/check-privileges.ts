/**
 * The privilege check of a query (ExecCheckPermissions in src/backend/executor/execMain.c):
 * which privilege each table the statement uses needs from the current role, SELECT for the
 * tables it reads and INSERT, UPDATE or DELETE for the one it writes (an UPDATE or DELETE with a
 * WHERE clause reads its target too), and 42501 "permission denied for table t" if the role
 * lacks one (roles.ts). PostgreSQL checks at the executor's start, after parse analysis has
 * locked the tables; the model checks before the statement runs, so a statement that would
 * wait for its table's lock and then be refused is refused without waiting.
 */

import type { ModelDatabase } from '../model-database.ts';
import type { TablePrivilege } from '../roles.ts';
import type { Statement } from '../sql/sql-ast.ts';

export function checkPrivileges(db: ModelDatabase, role: string, statement: Statement): void {
  if (db.roles.isSuperuser(role)) return;
  for (const [table, privilege] of needed(statement)) {
    if (db.tables.has(table)) db.roles.check(role, table, privilege);
  }
}

function needed(statement: Statement): [string, TablePrivilege][] {
  switch (statement.kind) {
    case 'select':
      // A locking clause needs UPDATE as well (PostgreSQL's docs, "The Locking Clause").
      if (statement.from === null) return [];
      return statement.lock === null
        ? [[statement.from.table, 'select']]
        : [
            [statement.from.table, 'select'],
            [statement.from.table, 'update'],
          ];
    case 'insert':
      return [[statement.table, 'insert']];
    case 'update':
    case 'delete':
      return [
        [statement.target.table, statement.kind],
        ...(statement.where === null ? [] : [[statement.target.table, 'select'] as [string, TablePrivilege]]),
      ];
    case 'with':
      return [...needed(statement.body), ...statement.queries.flatMap((query) => needed(query.statement))];
    case 'merge':
      return [
        [statement.target.table, 'select'],
        ...(statement.matched?.action === 'update' || statement.matched?.action === 'delete'
          ? [[statement.target.table, statement.matched.action] as [string, TablePrivilege]]
          : []),
        ...(statement.notMatched?.action === 'insert'
          ? [[statement.target.table, 'insert'] as [string, TablePrivilege]]
          : []),
        ...(statement.source.kind === 'table'
          ? [[statement.source.table.table, 'select'] as [string, TablePrivilege]]
          : needed(statement.source.query)),
      ];
    default:
      return [];
  }
}
