/**
 * The anomaly matrix: every scenario at every level of every engine, in one table.
 *
 * Hermitage (github.com/ept/hermitage) ran its tests by hand in psql windows and wrote the
 * results into a table per database. This runs the same kind of table on real engines in
 * seconds: each scenario's listed permutations at each level, judged and classified
 * (classify-outcome.ts). One RunCache spans the whole matrix, so serial replays are shared
 * between levels and the repeatable-read runs answer the false-positive checks of the
 * serializable ones.
 *
 * Cells can run several at a time (`concurrency`): each permutation has its own database and
 * connections, so runs do not see each other. The default is one at a time: a short run's time
 * goes mostly into the server creating its database, which is CPU work, and on two busy cores
 * running more at once measured no faster.
 */

import { compareScenario } from '../compare/compare-engines.ts';
import type { IsolationEngine } from '../engines/engine.ts';
import { comparedLevels, type IsolationLevel } from '../engines/levels.ts';
import { type CellOutcome, combineCells } from '../judge/classify-outcome.ts';
import { runsOn, type Scenario } from '../spec/scenario.ts';
import { RunCache } from './run-cache.ts';
import { runScenario } from './run-scenario.ts';

export interface MatrixCell {
  readonly scenario: string;
  readonly engine: string;
  readonly level: IsolationLevel;
  /** Null when the scenario does not run on this engine (see its `engines:` header). */
  readonly outcome: CellOutcome | null;
}

export interface MatrixReport {
  readonly engines: readonly {
    readonly name: string;
    readonly description: string;
    readonly levels: readonly IsolationLevel[];
  }[];
  readonly scenarios: readonly {
    readonly id: string;
    readonly title: string | null;
    readonly anomaly: string | null;
  }[];
  readonly cells: readonly MatrixCell[];
  /**
   * With the model engine and PostgreSQL both in the matrix: for each scenario and each level
   * they share (read committed and up), whether the model's runs came out exactly as
   * PostgreSQL's (compare-outcomes.ts), and where not, the first difference.
   */
  readonly agreement: readonly MatrixAgreement[];
}

export interface MatrixAgreement {
  readonly scenario: string;
  readonly level: IsolationLevel;
  readonly identical: boolean;
  /** `permutation 1, s2c (T2): model COMMIT, postgres failed with 40001 (…)` */
  readonly difference: string | null;
}

/** The levels on which the model is held to PostgreSQL (its read uncommitted is genuine, PostgreSQL's is not). */

export interface MatrixOptions {
  readonly engines: readonly IsolationEngine[];
  readonly scenarios: readonly Scenario[];
  /** Levels per engine; default every level the engine has. */
  readonly levels?: Readonly<Record<string, readonly IsolationLevel[]>>;
  readonly cache?: RunCache;
  /** Called after each cell: how many are done, of how many, and which one. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
  /** How many cells run at once. Default 1: on a busy machine more do not help. */
  readonly concurrency?: number;
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const cache = options.cache ?? new RunCache();
  const levelsOf = (engine: IsolationEngine) => options.levels?.[engine.name] ?? engine.levels;
  const total = options.engines.reduce(
    (sum, engine) => sum + levelsOf(engine).length * options.scenarios.length,
    0,
  );
  const jobs: {
    readonly engine: IsolationEngine;
    readonly scenario: Scenario;
    readonly level: IsolationLevel;
  }[] = [];
  for (const engine of options.engines) {
    // Lower levels first: their runs answer the checks of the higher ones.
    const levels = [...levelsOf(engine)].sort((a, b) => engine.levels.indexOf(a) - engine.levels.indexOf(b));
    for (const scenario of options.scenarios) {
      for (const level of levels) jobs.push({ engine, scenario, level });
    }
  }
  const cells: MatrixCell[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next]; job !== undefined; job = jobs[next]) {
      const index = next++;
      const { engine, scenario, level } = job;
      const runs = runsOn(scenario, engine.name);
      let outcome: CellOutcome | null = null;
      if (runs) {
        const report = await runScenario({ engine, scenario, level, cache });
        outcome = combineCells(report.permutations.map((p) => p.cell));
      }
      cells[index] = { scenario: scenario.id, engine: engine.name, level, outcome };
      done++;
      options.onProgress?.(done, total, `${scenario.id} · ${engine.name} ${level}`);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const model = options.engines.find((engine) => engine.name === 'model');
  const postgres = options.engines.find((engine) => engine.name === 'postgres');
  const agreement: MatrixAgreement[] = [];
  if (model !== undefined && postgres !== undefined) {
    const levels = comparedLevels.filter(
      (level) => levelsOf(model).includes(level) && levelsOf(postgres).includes(level),
    );
    for (const scenario of options.scenarios) {
      // The cells above ran these permutations already: the comparison reads them from the cache.
      const comparison = await compareScenario({
        model,
        reference: postgres,
        scenario,
        levels,
        choice: { kind: 'listed' },
        whenSessionWaits: 'postpone',
        cache,
      });
      for (const { level, differing } of comparison.levels) {
        // The first permutation that differs, and its first difference.
        const first = differing[0];
        const what = first?.differences[0];
        const difference =
          first === undefined || what === undefined
            ? null
            : `permutation ${first.number}, ${what.where}: model ${what.model}, postgres ${what.reference}`;
        agreement.push({ scenario: scenario.id, level, identical: difference === null, difference });
      }
    }
  }
  return {
    engines: options.engines.map((engine) => ({
      name: engine.name,
      description: engine.description,
      levels: levelsOf(engine),
    })),
    scenarios: options.scenarios.map((scenario) => ({
      id: scenario.id,
      title: scenario.metadata.title,
      anomaly: scenario.metadata.anomaly,
    })),
    cells,
    agreement,
  };
}
