/**
 * The anomaly matrix: every scenario at every level of every engine, in one table.
 *
 * Hermitage (github.com/ept/hermitage) ran its tests by hand in psql windows and wrote the
 * results into a table per database. This runs the same kind of table on real engines in
 * seconds: each scenario's listed permutations at each level, judged and classified
 * (classify-outcome.ts). One RunCache spans the whole matrix, so serial replays are shared
 * between levels and the repeatable-read runs answer the false-positive checks of the
 * serializable ones.
 */
import { type CellOutcome, combineCells } from './classify-outcome.ts';
import type { IsolationEngine } from './engine.ts';
import { RunCache } from './run-cache.ts';
import { runScenario } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';

export interface MatrixCell {
  readonly scenario: string;
  readonly engine: string;
  readonly level: string;
  /** Null when the scenario does not run on this engine (see its `engines:` header). */
  readonly outcome: CellOutcome | null;
}

export interface MatrixReport {
  readonly engines: readonly {
    readonly name: string;
    readonly description: string;
    readonly levels: readonly string[];
  }[];
  readonly scenarios: readonly {
    readonly id: string;
    readonly title: string | null;
    readonly anomaly: string | null;
  }[];
  readonly cells: readonly MatrixCell[];
}

export interface MatrixOptions {
  readonly engines: readonly IsolationEngine[];
  readonly scenarios: readonly Scenario[];
  /** Levels per engine; default every level the engine has. */
  readonly levels?: Readonly<Record<string, readonly string[]>>;
  readonly cache?: RunCache;
  /** Called after each cell: how many are done, of how many, and which one. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const cache = options.cache ?? new RunCache();
  const levelsOf = (engine: IsolationEngine) => options.levels?.[engine.name] ?? engine.levels;
  const total = options.engines.reduce(
    (sum, engine) => sum + levelsOf(engine).length * options.scenarios.length,
    0,
  );
  const cells: MatrixCell[] = [];
  let done = 0;
  for (const engine of options.engines) {
    for (const scenario of options.scenarios) {
      // Lower levels first: their runs answer the checks of the higher ones.
      for (const level of [...levelsOf(engine)].sort(
        (a, b) => engine.levels.indexOf(a) - engine.levels.indexOf(b),
      )) {
        const runs = scenario.metadata.engines === null || scenario.metadata.engines.includes(engine.name);
        let outcome: CellOutcome | null = null;
        if (runs) {
          const report = await runScenario({ engine, scenario, level, cache });
          outcome = combineCells(report.permutations.map((p) => p.cell));
        }
        cells.push({ scenario: scenario.id, engine: engine.name, level, outcome });
        done++;
        options.onProgress?.(done, total, `${scenario.id} · ${engine.name} ${level}`);
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
  };
}
