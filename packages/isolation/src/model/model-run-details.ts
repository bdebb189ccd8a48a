/**
 * What a model run knows beyond what any engine reports: the steps it took, each with the
 * internals after it (when traced), and the direct serialization graph of its committed
 * transactions with the cycle that names its anomaly.
 */
import type { EngineDetails, PermutationOutcome } from '../run/outcome.ts';
import type { DirectSerializationGraph } from './dsg/build-dsg.ts';
import type { DependencyCycle } from './dsg/classify-cycle.ts';
import type { MaintenanceEvent } from './model-database.ts';
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
