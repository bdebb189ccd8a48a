/**
 * What a model run knows beyond what any engine reports: the steps it took, each with the
 * internals after it (when traced), and the direct serialization graph of its committed
 * transactions with the cycle that names its anomaly.
 */
import type { EngineDetails, PermutationOutcome } from '../run/outcome.ts';
import { buildDsg, type DirectSerializationGraph } from './dsg/build-dsg.ts';
import { type DependencyCycle, findCycle } from './dsg/classify-cycle.ts';
import type { MaintenanceEvent, ModelDatabase } from './model-database.ts';
import type { TransactionRegistry } from './model-session.ts';
import type { ModelTransaction } from './mvcc/model-transaction.ts';
import { describeRow } from './narration.ts';
import type { ModelStep } from './trace/model-step.ts';

export interface ModelRunDetails extends EngineDetails {
  readonly engine: 'model';
  readonly steps: readonly ModelStep[];
  readonly dsg: DirectSerializationGraph;
  readonly cycle: DependencyCycle | null;
  /** Each VACUUM and page pruning of the run, in order (mvcc/vacuum.ts, mvcc/prune-on-read.ts). */
  readonly maintenance: readonly MaintenanceEvent[];
}

/** The model's knowledge of a run, when the model ran it; undefined for every other engine. */
export function modelDetails(outcome: PermutationOutcome | undefined): ModelRunDetails | undefined {
  const details = outcome?.details;
  return details?.engine === 'model' ? (details as ModelRunDetails) : undefined;
}

/**
 * A run's details, the dependency graph and its cycle built when first asked for: most runs
 * (replays, comparisons) never look at them. A class rather than an object literal with getters,
 * which costs more to make, and every run makes one; JSON shows what the literal showed.
 */
export class RunDetails implements ModelRunDetails {
  readonly engine = 'model';
  readonly steps: readonly ModelStep[];
  readonly maintenance: ModelRunDetails['maintenance'];
  readonly #db: ModelDatabase;
  readonly #registry: TransactionRegistry;
  readonly #setup: readonly ModelTransaction[];
  #graph: DirectSerializationGraph | null = null;
  #cycle: DependencyCycle | null | undefined = undefined;

  constructor(
    db: ModelDatabase,
    registry: TransactionRegistry,
    setup: readonly ModelTransaction[],
    steps: readonly ModelStep[],
  ) {
    this.steps = steps;
    this.maintenance = db.maintenance;
    this.#db = db;
    this.#registry = registry;
    this.#setup = setup;
  }

  get dsg(): DirectSerializationGraph {
    const db = this.#db;
    this.#graph ??= buildDsg(this.#registry.all, this.#setup, (version) => describeRow(db, version));
    return this.#graph;
  }

  get cycle(): DependencyCycle | null {
    if (this.#cycle === undefined) this.#cycle = findCycle(this.dsg);
    return this.#cycle;
  }

  toJSON() {
    const { engine, steps, maintenance, dsg, cycle } = this;
    return { engine, steps, maintenance, dsg, cycle };
  }
}
