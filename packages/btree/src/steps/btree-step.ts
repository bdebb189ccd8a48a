/**
 * The narrated steps of B+tree operations, kept apart from the algorithms.
 *
 * Each builder makes one {@link BTreeStep}: what happened, the ids of the nodes it touched
 * (for highlighting), one sentence a learner can follow, and a snapshot of the tree right
 * after it. The algorithms call these builders only inside `tracer?.emit(...)`, so an
 * operation with no tracer attached never reaches them: no step, no string, no snapshot is
 * built (test/tracing.test.ts counts the calls to prove it).
 *
 * The builders sit by what the operation does: search-steps.ts (descend, find, scan),
 * insert-steps.ts (insert, split, grow a root), delete-steps.ts (remove, borrow, merge,
 * collapse a root) and load-steps.ts (bulk load); narration.ts holds what they share. This
 * file is the one type a tracer receives: every kind of step.
 */
import type { BorrowStep, MergeStep, RemoveStep, RootCollapseStep } from './delete-steps.ts';
import type { InsertStep, NewRootStep, SplitStep, UpdateStep } from './insert-steps.ts';
import type { LoadLeafStep, LoadNodeStep, LoadRootStep } from './load-steps.ts';
import type {
  FoundStep,
  LeafHopStep,
  MissingStep,
  ScanEndStep,
  ScanStep,
  VisitStep,
} from './search-steps.ts';

export type BTreeStep =
  | VisitStep
  | FoundStep
  | MissingStep
  | InsertStep
  | UpdateStep
  | NewRootStep
  | SplitStep
  | RemoveStep
  | BorrowStep
  | MergeStep
  | RootCollapseStep
  | ScanStep
  | LeafHopStep
  | ScanEndStep
  | LoadLeafStep
  | LoadNodeStep
  | LoadRootStep;

export type BTreeStepKind = BTreeStep['kind'];
