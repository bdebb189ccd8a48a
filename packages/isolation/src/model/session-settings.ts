/**
 * A session's settings, and how transactions undo them: PostgreSQL's GUC stack
 * (src/backend/utils/misc/guc.c, NewGUCNestLevel and AtEOXact_GUC).
 *
 * A setting is not a row: no other session sees it, and no snapshot decides its value. Yet
 * SET is transactional. Inside a transaction block:
 *
 * - `SET name = v` (SET SESSION) lasts beyond the block if it commits; a rollback puts back
 *   the value the setting had when the transaction began;
 * - `SET LOCAL name = v` lasts until the block ends, committed or not;
 * - `RESET name` is `SET name = DEFAULT`.
 *
 * Outside a block each SET is a transaction of its own that commits at once, and SET LOCAL
 * does nothing (PostgreSQL warns "SET LOCAL can only be used in transaction blocks").
 *
 * A savepoint opens a level of the stack (a subtransaction's GUC nest level): ROLLBACK TO
 * SAVEPOINT puts back every value, SESSION and LOCAL, as it was when the savepoint was set
 * (AtEOSubXact_GUC with isCommit false); RELEASE keeps the values, which then end with the
 * transaction as if set outside the savepoint.
 */

import { durationMs } from './sql/parse-setting.ts';

export class SessionSettings {
  /** The values SET (SESSION) made; a setting not here has its default. */
  private session = new Map<string, string>();
  /** SET LOCAL's values, until the transaction ends. */
  private local = new Map<string, string | null>();
  /** The session values when the transaction began, kept from its first SET on; null before. */
  private atStart: Map<string, string> | null = null;
  /** Per savepoint set, oldest first: the values when it was set. */
  private readonly savepoints: {
    readonly session: Map<string, string>;
    readonly local: Map<string, string | null>;
  }[] = [];

  /** `SET [LOCAL] name = value` (value null: DEFAULT); `inTransaction` if a transaction is open. */
  set(name: string, value: string | null, scope: 'session' | 'local', inTransaction: boolean): void {
    if (inTransaction) this.atStart ??= new Map(this.session);
    if (scope === 'local') {
      if (inTransaction) this.local.set(name, value);
      return;
    }
    if (name === 'all') {
      this.session.clear();
      this.local.clear();
      return;
    }
    this.local.delete(name);
    if (value === null) this.session.delete(name);
    else this.session.set(name, value);
  }

  /** The transaction ended: SET LOCAL's values go, and a rollback puts back the session's. */
  endTransaction(committed: boolean): void {
    if (!committed && this.atStart !== null) this.session = this.atStart;
    this.atStart = null;
    this.local.clear();
    this.savepoints.length = 0;
  }

  /** SAVEPOINT: the values now are what ROLLBACK TO it puts back. */
  markSavepoint(): void {
    this.savepoints.push({ session: new Map(this.session), local: new Map(this.local) });
  }

  /** RELEASE SAVEPOINT: the savepoints from `index` on are gone; the values set since stay. */
  releaseSavepoints(index: number): void {
    this.savepoints.length = index;
  }

  /** ROLLBACK TO SAVEPOINT: the values as they were when the savepoint at `index` was set, which stays. */
  rollbackToSavepoint(index: number): void {
    const mark = this.savepoints[index];
    if (mark === undefined) return;
    this.savepoints.length = index + 1;
    this.session = new Map(mark.session);
    this.local = new Map(mark.local);
  }

  /** The setting's value, or null for its default. */
  value(name: string): string | null {
    if (this.local.has(name)) return this.local.get(name) ?? null;
    return this.session.get(name) ?? null;
  }

  /** A duration setting in milliseconds, or null when it is not set (or 0: off, as PostgreSQL reads it). */
  durationMs(name: string): number | null {
    const value = this.value(name);
    const ms = value === null ? null : durationMs(value);
    return ms === null || ms === 0 ? null : ms;
  }
}
