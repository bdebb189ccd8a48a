/**
 * What a model run knows beyond what any engine reports: the steps it took, each with the
 * internals after it (when traced), and the direct serialization graph of its committed
 * transactions with the cycle that names its anomaly.
 */
import type { DirectSerializationGraph } from './dsg/build-dsg.ts';
import type { DependencyCycle } from './dsg/classify-cycle.ts';
import type { ModelStep } from './trace/model-step.ts';

export interface ModelRunDetails {
  readonly steps: readonly ModelStep[];
  readonly dsg: DirectSerializationGraph;
  readonly cycle: DependencyCycle | null;
}
