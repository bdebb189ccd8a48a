/**
 * Roles, table owners and privileges: the part of PostgreSQL's permission system whose checks
 * decide what an isolation test shows (pg_authid, pg_auth_members, relacl in pg_class;
 * src/backend/catalog/aclchk.c, src/backend/utils/adt/acl.c).
 *
 * A statement runs as the session's current role: the session user (dbplay's runner connects
 * as a superuser, `postgres`), or the role SET ROLE chose. A superuser may do anything; any
 * other role may use a table it owns, or one it was GRANTed the privilege on, and vacuum or
 * analyze only a table it owns (PostgreSQL 17 adds the MAINTAIN privilege; the model knows
 * owners only). Where PostgreSQL checks matters as much as what: TRUNCATE checks before it
 * waits for the table's lock (RangeVarCallbackForTruncate), so a role without the privilege
 * fails at once instead of queueing behind a reader; VACUUM and ANALYZE skip a table they may
 * not process with a warning, also before locking it (vacuum_is_permitted_for_relation).
 *
 * The catalog rows are changed at once, as the model's CREATE TABLE is; the transaction that
 * changed them puts them back if it rolls back (ModelTransaction.onAbort). A role-membership
 * row that another transaction has deleted but not committed is waited for (DROP OWNED), as
 * PostgreSQL's second deleter waits on the catalog tuple.
 */

import type { ModelTransaction } from './mvcc/model-transaction.ts';
import { ModelSqlError } from './sql/sql-error.ts';

/** The user dbplay's runner connects as: a superuser. */
export const sessionUser = 'postgres';

export type TablePrivilege =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'truncate'
  | 'references'
  | 'trigger';

export const tablePrivileges: readonly TablePrivilege[] = [
  'select',
  'insert',
  'update',
  'delete',
  'truncate',
  'references',
  'trigger',
];

/** A row of pg_auth_members: `member` is a member of `role`, granted by `grantor`. */
export interface Membership {
  readonly role: string;
  readonly member: string;
  readonly grantor: string;
  readonly admin: boolean;
  /** The transaction that deleted the row and has not ended yet; null while it stands. */
  deletedBy: ModelTransaction | null;
}

export class RoleCatalog {
  private readonly roles = new Map<string, { readonly superuser: boolean }>([
    [sessionUser, { superuser: true }],
  ]);
  private readonly owners = new Map<string, string>();
  /** Per table, per role, what it was granted. */
  private readonly grants = new Map<string, Map<string, Set<TablePrivilege>>>();
  readonly memberships: Membership[] = [];

  exists(role: string): boolean {
    return this.roles.has(role);
  }

  /** The role, or 42704 as PostgreSQL reports an unknown one. */
  require(role: string): void {
    if (!this.roles.has(role)) throw new ModelSqlError('42704', `role "${role}" does not exist`);
  }

  isSuperuser(role: string): boolean {
    return this.roles.get(role)?.superuser === true;
  }

  create(role: string, xact: ModelTransaction): void {
    if (this.roles.has(role)) throw new ModelSqlError('42710', `role "${role}" already exists`);
    this.roles.set(role, { superuser: false });
    xact.onAbort.push(() => this.roles.delete(role));
  }

  drop(role: string, xact: ModelTransaction): void {
    const entry = this.roles.get(role);
    if (entry === undefined) throw new ModelSqlError('42704', `role "${role}" does not exist`);
    this.roles.delete(role);
    xact.onAbort.push(() => this.roles.set(role, entry));
  }

  /** The table's owner: its creator's role, or whom ALTER TABLE … OWNER TO gave it. */
  ownerOf(table: string): string {
    return this.owners.get(table) ?? sessionUser;
  }

  setOwner(table: string, role: string, xact: ModelTransaction): void {
    const before = this.owners.get(table);
    this.owners.set(table, role);
    xact.onAbort.push(() =>
      before === undefined ? this.owners.delete(table) : this.owners.set(table, before),
    );
  }

  /** Whether `role` owns the table, or is a member of the role that does (or a superuser). */
  owns(role: string, table: string): boolean {
    return this.isSuperuser(role) || this.isMemberOf(role, this.ownerOf(table));
  }

  /** Whether `role` may use the table for `privilege`: owner, superuser, or granted it. */
  may(role: string, table: string, privilege: TablePrivilege): boolean {
    if (this.owns(role, table)) return true;
    const byRole = this.grants.get(table);
    if (byRole === undefined) return false;
    return [...byRole].some(([grantee, granted]) => granted.has(privilege) && this.isMemberOf(role, grantee));
  }

  /** 42501 unless `role` may use the table for `privilege` (aclcheck_error's words). */
  check(role: string, table: string, privilege: TablePrivilege): void {
    if (!this.may(role, table, privilege))
      throw new ModelSqlError('42501', `permission denied for table ${table}`);
  }

  grant(table: string, role: string, privileges: readonly TablePrivilege[], xact: ModelTransaction): void {
    let byRole = this.grants.get(table);
    if (byRole === undefined) {
      byRole = new Map();
      this.grants.set(table, byRole);
    }
    const granted = byRole.get(role) ?? new Set<TablePrivilege>();
    byRole.set(role, granted);
    const added = privileges.filter((privilege) => !granted.has(privilege));
    for (const privilege of added) granted.add(privilege);
    xact.onAbort.push(() => {
      for (const privilege of added) granted.delete(privilege);
    });
  }

  /** Takes back everything granted to `role` on any table (DROP OWNED's REVOKE part). */
  revokeAll(role: string, xact: ModelTransaction): void {
    for (const byRole of this.grants.values()) {
      const granted = byRole.get(role);
      if (granted === undefined) continue;
      byRole.delete(role);
      xact.onAbort.push(() => byRole.set(role, granted));
    }
  }

  /** Forgets the table's owner and grants (DROP TABLE); a rollback puts them back. */
  forgetTable(table: string, xact: ModelTransaction): void {
    const owner = this.owners.get(table);
    const grants = this.grants.get(table);
    this.owners.delete(table);
    this.grants.delete(table);
    xact.onAbort.push(() => {
      if (owner !== undefined) this.owners.set(table, owner);
      if (grants !== undefined) this.grants.set(table, grants);
    });
  }

  grantRole(role: string, member: string, grantor: string, admin: boolean, xact: ModelTransaction): void {
    const row: Membership = { role, member, grantor, admin, deletedBy: null };
    this.memberships.push(row);
    xact.onAbort.push(() => this.memberships.splice(this.memberships.indexOf(row), 1));
  }

  /** Whether `role` is `other`, or a member of it, directly or through other roles (is_member_of_role). */
  isMemberOf(role: string, other: string): boolean {
    if (role === other || this.isSuperuser(role)) return true;
    const seen = new Set<string>([role]);
    const queue = [role];
    while (queue.length > 0) {
      const at = queue.shift() as string;
      for (const row of this.memberships) {
        if (row.member !== at || !standing(row) || seen.has(row.role)) continue;
        if (row.role === other) return true;
        seen.add(row.role);
        queue.push(row.role);
      }
    }
    return false;
  }

  /** Whether `role` may grant membership in `other`: a superuser, or a member WITH ADMIN OPTION. */
  hasAdmin(role: string, other: string): boolean {
    return (
      this.isSuperuser(role) ||
      this.memberships.some((row) => row.role === other && row.member === role && row.admin && standing(row))
    );
  }
}

/** A membership row still stands until the transaction that deleted it commits. */
export function standing(row: Membership): boolean {
  return row.deletedBy === null || row.deletedBy.status === 'active';
}
