/**
 * Running the statements about roles and privileges (src/backend/commands/user.c for roles,
 * aclchk.c for GRANT, tablecmds.c's ATExecChangeOwner, and shdepDropOwned in
 * src/backend/catalog/pg_shdepend.c), each with the check PostgreSQL makes of the current
 * role. The catalog itself is roles.ts.
 */

import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';

type RoleStatement = Statement & {
  kind: 'create-role' | 'drop-role' | 'grant' | 'grant-role' | 'alter-owner' | 'drop-owned';
};

/** Runs the statement as `role` in `xact`; returns the command tag. */
export function* executeRoleStatement(
  db: ModelDatabase,
  xact: ModelTransaction,
  role: string,
  statement: RoleStatement,
): Work<string> {
  const { roles } = db;
  switch (statement.kind) {
    case 'create-role':
      if (!roles.isSuperuser(role)) throw new ModelSqlError('42501', 'permission denied to create role');
      roles.create(statement.role, xact);
      return 'CREATE ROLE';
    case 'drop-role':
      if (!roles.isSuperuser(role)) throw new ModelSqlError('42501', 'permission denied to drop role');
      for (const name of statement.roles) {
        if (statement.ifExists && !roles.exists(name)) continue;
        roles.drop(name, xact);
      }
      return 'DROP ROLE';
    case 'grant':
      for (const table of statement.tables) {
        db.table(table);
        if (!roles.owns(role, table))
          throw new ModelSqlError('42501', `permission denied for table ${table}`);
        for (const grantee of statement.roles) {
          roles.require(grantee);
          roles.grant(table, grantee, statement.privileges, xact);
        }
      }
      return 'GRANT';
    case 'grant-role':
      for (const granted of statement.roles) {
        roles.require(granted);
        if (!roles.hasAdmin(role, granted))
          throw new ModelSqlError('42501', `permission denied to grant role "${granted}"`);
        for (const member of statement.members) {
          roles.require(member);
          roles.grantRole(granted, member, role, statement.admin, xact);
        }
      }
      return 'GRANT ROLE';
    case 'alter-owner': {
      const table = db.table(statement.table).def.name;
      yield* lockRelation(db.relationLocks, table, xact, 'ACCESS EXCLUSIVE');
      roles.require(statement.owner);
      if (!roles.isSuperuser(role) && !(roles.owns(role, table) && roles.isMemberOf(role, statement.owner)))
        throw new ModelSqlError('42501', `must be owner of table ${table}`);
      roles.setOwner(table, statement.owner, xact);
      return 'ALTER TABLE';
    }
    case 'drop-owned':
      for (const name of statement.roles) {
        roles.require(name);
        if (!roles.isMemberOf(role, name))
          throw new ModelSqlError('42501', 'permission denied to drop objects');
        yield* dropOwned(db, xact, name);
      }
      return 'DROP OWNED';
  }
}

/**
 * DROP OWNED BY: the tables the role owns are dropped, what was granted to it is taken back,
 * and (PostgreSQL 16) the role memberships it granted are revoked. Revoking deletes a catalog
 * row; a row another transaction has deleted and not yet committed is waited for, as a second
 * deleter of a tuple waits, and then is gone (committed) or deleted now (rolled back).
 */
function* dropOwned(db: ModelDatabase, xact: ModelTransaction, role: string): Work<void> {
  const { roles } = db;
  for (const row of roles.memberships) {
    if (row.grantor !== role) continue;
    while (row.deletedBy !== null && row.deletedBy !== xact && row.deletedBy.status === 'active') {
      const holder = row.deletedBy;
      yield {
        kind: 'transaction',
        xid: db.assignXid(holder),
        reason: `to revoke ${row.role} from ${row.member}, which ${holder.session} revoked and has not committed`,
      };
    }
    if (row.deletedBy !== null) continue;
    db.assignXid(xact);
    row.deletedBy = xact;
    xact.onAbort.push(() => {
      row.deletedBy = null;
    });
  }
  roles.revokeAll(role, xact);
  for (const table of [...db.tables.keys()]) {
    if (roles.ownerOf(table) !== role) continue;
    yield* lockRelation(db.relationLocks, table, xact, 'ACCESS EXCLUSIVE');
    const heap = db.table(table);
    db.tables.delete(table);
    xact.onAbort.push(() => db.tables.set(table, heap));
  }
}
