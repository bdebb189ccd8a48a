/**
 * CREATE FUNCTION, CREATE TRIGGER and their DROPs: what they lock and check, in PostgreSQL's
 * order (src/backend/commands/functioncmds.c, src/backend/commands/trigger.c).
 *
 * - CREATE TRIGGER opens its table with SHARE ROW EXCLUSIVE (CreateTriggerFiringOn) before it
 *   looks at anything else. The mode conflicts with itself and with ROW EXCLUSIVE, so it waits
 *   for, and holds off, every INSERT, UPDATE and DELETE of the table, and another CREATE
 *   TRIGGER on it; plain SELECT and SELECT … FOR UPDATE (ROW SHARE) go on beside it. That is
 *   what PostgreSQL's create-trigger test shows, permutation by permutation. Then: the
 *   function must exist (42883; the model's functions all return trigger), and the name must
 *   be new on the table (42710).
 * - ALTER TABLE … ENABLE | DISABLE TRIGGER takes SHARE ROW EXCLUSIVE too.
 * - DROP TRIGGER opens the table with ACCESS EXCLUSIVE (get_object_address on the trigger's
 *   table), as DROP TABLE does.
 * - CREATE FUNCTION takes no table lock. pg_proc's unique index on the name and argument types
 *   makes it wait for a transaction still running that made the same function, and fail with
 *   23505 once that one commits (the catalog lookup before, with the catalog snapshot, did not
 *   see it).
 * - DROP FUNCTION refuses while a trigger runs the function (2BP01, without CASCADE).
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { StatementContext } from './statement-context.ts';

type TriggerDdl = Statement & {
  kind: 'create-function' | 'drop-function' | 'create-trigger' | 'drop-trigger' | 'switch-trigger';
};

export function* executeTriggerDdl(context: StatementContext, statement: TriggerDdl): Work<string> {
  const { db, xact } = context;
  const catalog = db.triggers;
  switch (statement.kind) {
    case 'create-function': {
      // The catalog lookup sees committed functions only (42723); one made by a transaction
      // still running is found by pg_proc's unique index, which waits for it.
      if (catalog.functionNamed(statement.name, xact) !== undefined)
        throw new ModelSqlError(
          '42723',
          `function "${statement.name}" already exists with same argument types`,
        );
      for (;;) {
        const other = catalog.functionInProgress(statement.name, xact);
        if (other === undefined) break;
        yield {
          kind: 'lockers',
          transactions: [other],
          reason: `the end of ${other.session}, which made function ${statement.name}() (pg_proc's unique index)`,
        };
        if (catalog.functionNamed(statement.name, xact) !== undefined)
          throw new ModelSqlError(
            '23505',
            'duplicate key value violates unique constraint "pg_proc_proname_args_nsp_index"',
          );
      }
      catalog.addFunction(statement.name, statement.returns, xact);
      return 'CREATE FUNCTION';
    }
    case 'drop-function': {
      for (const name of statement.names) {
        const fn = catalog.functionNamed(name, xact);
        if (fn === undefined) {
          if (statement.ifExists) continue; // NOTICE: function f() does not exist, skipping
          throw new ModelSqlError('42883', `function ${name}() does not exist`);
        }
        const users = catalog.triggersRunning(name, xact);
        if (users.length > 0)
          throw new ModelSqlError(
            '2BP01',
            `cannot drop function ${name}() because other objects depend on it`,
          );
        catalog.drop(fn, xact);
      }
      return 'DROP FUNCTION';
    }
    case 'create-trigger': {
      const table = db.table(statement.table);
      yield* lockRelation(db.relationLocks, table.def.name, xact, 'SHARE ROW EXCLUSIVE');
      if (statement.forEach === 'row' && statement.events.includes('truncate'))
        throw new ModelSqlError('0A000', 'TRUNCATE FOR EACH ROW triggers are not supported');
      const fn = catalog.functionNamed(statement.function, xact);
      if (fn === undefined)
        throw new ModelSqlError('42883', `function ${statement.function}() does not exist`);
      if (catalog.triggersOn(table.def.name, xact).some((t) => t.definition.name === statement.name))
        throw new ModelSqlError(
          '42710',
          `trigger "${statement.name}" for relation "${table.def.name}" already exists`,
        );
      const { kind: _kind, text: _text, ...definition } = statement;
      catalog.addTrigger(definition, xact);
      db.narrator?.record(
        'lock',
        [xact.session],
        `${xact.session} holds SHARE ROW EXCLUSIVE on ${table.def.name} until it ends: writers of the table wait, readers and SELECT … FOR UPDATE do not.`,
      );
      return 'CREATE TRIGGER';
    }
    case 'switch-trigger': {
      // ATExecEnableDisableTrigger, under SHARE ROW EXCLUSIVE as CREATE TRIGGER. The model's
      // triggers change no row whether they fire or not, so the switch is checked and locked,
      // and not kept.
      const table = db.table(statement.table);
      yield* lockRelation(db.relationLocks, table.def.name, xact, 'SHARE ROW EXCLUSIVE');
      if (!catalog.triggersOn(table.def.name, xact).some((t) => t.definition.name === statement.name))
        throw new ModelSqlError(
          '42704',
          `trigger "${statement.name}" for table "${table.def.name}" does not exist`,
        );
      return 'ALTER TABLE';
    }
    case 'drop-trigger': {
      const table = db.table(statement.table);
      yield* lockRelation(db.relationLocks, table.def.name, xact, 'ACCESS EXCLUSIVE');
      const trigger = catalog
        .triggersOn(table.def.name, xact)
        .find((t) => t.definition.name === statement.name);
      if (trigger === undefined) {
        if (statement.ifExists) return 'DROP TRIGGER';
        throw new ModelSqlError(
          '42704',
          `trigger "${statement.name}" for table "${table.def.name}" does not exist`,
        );
      }
      catalog.drop(trigger, xact);
      return 'DROP TRIGGER';
    }
  }
}
