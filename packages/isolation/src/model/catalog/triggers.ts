/**
 * Trigger functions and triggers, as PostgreSQL's catalogs pg_proc and pg_trigger record them
 * (src/backend/commands/functioncmds.c, src/backend/commands/trigger.c).
 *
 * A trigger names a table, when it fires (BEFORE or AFTER the events it lists, for each row or
 * once per statement) and the function it runs. The model's functions are PL/pgSQL bodies that
 * only return (parse-trigger.ts), and its triggers those whose value PostgreSQL ignores (AFTER
 * and statement-level ones), so firing one changes nothing and the model does not fire them:
 * what a trigger changes in a concurrent history is the locks its DDL takes
 * (executor/execute-trigger-ddl.ts).
 *
 * The catalog is transactional, as catalog rows are: an entry made or removed by a transaction
 * still running is seen by that transaction only; every other transaction sees the catalog as
 * last committed (the catalog snapshot, not the transaction's MVCC snapshot), and an entry made
 * by a transaction that aborted never existed. Each change also records how to put it back
 * (ModelTransaction.onAbort), the undo list every catalog change of the model keeps, so that a
 * ROLLBACK TO SAVEPOINT undoes the ones made since the savepoint, as PostgreSQL's does
 * (executor/savepoint-undo.ts).
 */
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Statement, TriggerReturn } from '../sql/sql-ast.ts';

/** When an entry exists: made by `created`, removed by `dropped` (null while it stands). */
interface Lifetime {
  readonly created: ModelTransaction;
  dropped: ModelTransaction | null;
}

export interface TriggerFunction extends Lifetime {
  readonly name: string;
  /** What its `BEGIN RETURN …; END` returns. */
  readonly returns: TriggerReturn;
}

export type TriggerDefinition = Omit<Statement & { kind: 'create-trigger' }, 'kind' | 'text'>;

export interface Trigger extends Lifetime {
  readonly definition: TriggerDefinition;
}

/** Whether an entry exists for `xact`: its own changes, and those of transactions that committed. */
function exists(entry: Lifetime, xact: ModelTransaction): boolean {
  const counts = (by: ModelTransaction): boolean => by === xact || by.status === 'committed';
  return counts(entry.created) && (entry.dropped === null || !counts(entry.dropped));
}

export class TriggerCatalog {
  private readonly functions: TriggerFunction[] = [];
  private readonly triggers: Trigger[] = [];

  /** The function of that name as `xact` sees the catalog, or undefined. */
  functionNamed(name: string, xact: ModelTransaction): TriggerFunction | undefined {
    return this.functions.find((fn) => fn.name === name && exists(fn, xact));
  }

  /**
   * The transaction still running that made (or removed) a function of that name: pg_proc's
   * unique index makes a second CREATE FUNCTION of the name wait for it (_bt_check_unique).
   */
  functionInProgress(name: string, xact: ModelTransaction): ModelTransaction | undefined {
    for (const fn of this.functions) {
      if (fn.name !== name) continue;
      for (const by of [fn.created, fn.dropped])
        if (by !== null && by !== xact && by.status === 'active') return by;
    }
    return undefined;
  }

  addFunction(name: string, returns: TriggerReturn, xact: ModelTransaction): void {
    added(this.functions, { name, returns, created: xact, dropped: null }, xact);
  }

  /** The table's triggers as `xact` sees the catalog, in the order they were made. */
  triggersOn(table: string, xact: ModelTransaction): Trigger[] {
    return this.triggers.filter((trigger) => trigger.definition.table === table && exists(trigger, xact));
  }

  /** The triggers that run the function: what DROP FUNCTION without CASCADE may not leave behind. */
  triggersRunning(fn: string, xact: ModelTransaction): Trigger[] {
    return this.triggers.filter((trigger) => trigger.definition.function === fn && exists(trigger, xact));
  }

  addTrigger(definition: TriggerDefinition, xact: ModelTransaction): void {
    added(this.triggers, { definition, created: xact, dropped: null }, xact);
  }

  /** DROP FUNCTION or DROP TRIGGER by `xact`: gone once it commits, back if it rolls back. */
  drop(entry: TriggerFunction | Trigger, xact: ModelTransaction): void {
    const before = entry.dropped;
    entry.dropped = xact;
    xact.onAbort.push(() => {
      entry.dropped = before;
    });
  }

  /** DROP TABLE by `xact`: its triggers go with it (pg_trigger rows depend on the table). */
  forgetTable(table: string, xact: ModelTransaction): void {
    for (const trigger of this.triggersOn(table, xact)) this.drop(trigger, xact);
  }
}

/** Adds an entry made by `xact`, and its removal to `xact`'s undo list. */
function added<T>(entries: T[], entry: T, xact: ModelTransaction): void {
  entries.push(entry);
  xact.onAbort.push(() => {
    const at = entries.indexOf(entry);
    if (at >= 0) entries.splice(at, 1);
  });
}
