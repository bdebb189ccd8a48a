/**
 * The model engine (`--engine model`): the same scenarios as the real engines, run by a
 * transparent model of PostgreSQL — MVCC tuple versions and snapshots, row locks and their
 * waits, EvalPlanQual, serializable snapshot isolation — or by strict two-phase locking, with
 * every internal open to a tracer.
 *
 * Levels, each modelled on PostgreSQL's documented behaviour:
 *
 * - `read-uncommitted`: as the SQL standard permits it: a read sees the newest version of a row
 *   whether or not its writer has committed (genuine dirty reads; PostgreSQL itself runs this
 *   level as read committed);
 * - `read-committed`: a snapshot per statement; writers wait for row locks and re-check their
 *   WHERE clause against the newest version (EvalPlanQual);
 * - `repeatable-read`: snapshot isolation, the snapshot taken at the first statement; first
 *   updater wins (40001);
 * - `serializable`: PostgreSQL's serializable snapshot isolation (ssi/);
 * - `serializable-2pl`: strict two-phase locking with predicate locks, for comparison.
 *
 * A scenario's SQL must stay within the model's subset (sql/parse-sql.ts); anything else is
 * refused before the run starts, naming the construct and the step.
 */

import { BadInputError } from '@dbplay/core';
import type { IsolationEngine, OpenOptions } from '../engines/engine.ts';
import { defaultLevels, type IsolationLevel, type ModelLevel, modelLevels } from '../engines/levels.ts';
import type { Scenario } from '../spec/scenario.ts';
import { ModelDatabase } from './model-database.ts';
import { ModelRun } from './model-run.ts';
import { ModelSession, type TransactionRegistry } from './model-session.ts';
import type { IsolationName } from './mvcc/model-transaction.ts';
import { dateTimeDisplayOf } from './sql/date-time.ts';
import { findUnsupported, OutsideSubsetError } from './sql/find-unsupported.ts';

const isolationOf: Record<ModelLevel, IsolationName> = {
  'read-uncommitted': 'read uncommitted',
  'read-committed': 'read committed',
  'repeatable-read': 'repeatable read',
  serializable: 'serializable',
  'serializable-2pl': 'serializable',
};

export interface ModelEngine extends IsolationEngine {
  open(
    scenario: Scenario,
    level: IsolationLevel,
    sessions: readonly string[],
    options?: OpenOptions,
  ): Promise<ModelRun>;
}

/** Starts the model engine (nothing to start: it exists for symmetry with the real engines). */
export async function startModelEngine(): Promise<ModelEngine> {
  return new ModelEngineImpl();
}

class ModelEngineImpl implements ModelEngine {
  readonly name = 'model';
  readonly description = "dbplay's model of PostgreSQL (MVCC, row locks, SSI) and of two-phase locking";
  readonly levels = modelLevels;
  readonly defaultLevel = defaultLevels.model;
  readonly resolvesDeadlocks = true;
  readonly deterministic = true;
  private readonly checked = new WeakSet<Scenario>();

  beginStatement(level: IsolationLevel): string {
    const isolation = isolationOf[level as ModelLevel] ?? 'read committed';
    return `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`;
  }

  levelWithoutSsi(level: IsolationLevel): IsolationLevel | null {
    return level === 'serializable' ? 'repeatable-read' : null;
  }

  levelNote(level: IsolationLevel): string | null {
    if (level === 'read-uncommitted') {
      return 'the model shows genuine dirty reads at READ UNCOMMITTED, as the SQL standard allows; PostgreSQL runs READ UNCOMMITTED as READ COMMITTED and never shows uncommitted data';
    }
    if (level === 'serializable-2pl') {
      return 'the model runs SERIALIZABLE here as strict two-phase locking with predicate locks (as System R did, and MySQL and SQL Server do with key-range locks), not as PostgreSQL’s SSI: anomalies are prevented by waiting and by deadlocks, not by 40001';
    }
    return null;
  }

  async open(
    scenario: Scenario,
    level: IsolationLevel,
    sessions: readonly string[],
    options: OpenOptions = {},
  ): Promise<ModelRun> {
    this.check(scenario);
    const isolation = isolationOf[level as ModelLevel];
    if (isolation === undefined) throw new BadInputError(`unknown level '${level}' for the model engine`);
    const db = new ModelDatabase(level === 'serializable-2pl' ? 'two-phase locking' : 'ssi');
    db.display = dateTimeDisplayOf(options.sessionSettings);
    const setupRegistry: TransactionRegistry = { all: [] };
    const setup = new ModelSession('setup', db, setupRegistry);
    for (const block of scenario.setup) {
      const work = setup.runStep(block.sql, null, 'read committed');
      const done = work.next();
      if (done.done !== true) {
        throw new BadInputError('the setup block waits for a lock, which cannot happen in a setup', {
          location: { file: scenario.file, line: block.line },
        });
      }
      if (done.value.error !== null) {
        throw new BadInputError(`the setup block failed on the model: ${done.value.error.message}`, {
          location: { file: scenario.file, line: block.line },
        });
      }
    }
    return new ModelRun({
      db,
      sessions,
      isolation,
      registry: { all: [] },
      setup: setupRegistry.all,
      trace: options.trace === true,
    });
  }

  async close(): Promise<void> {}

  /**
   * Refuses SQL outside the subset before anything runs: the first use with its line, then
   * every other one, so that a scenario can be adapted in one go.
   */
  private check(scenario: Scenario): void {
    if (this.checked.has(scenario)) return;
    const [first, ...others] = findUnsupported(scenario);
    if (first !== undefined) throw new OutsideSubsetError(scenario.file, [first, ...others]);
    this.checked.add(scenario);
  }
}
