/**
 * A plan in a JSON document (`--json` of show, answer and plan): the tree from its root,
 * whether it was run, and its times. The flat `nodes` list a {@link Plan} keeps for
 * lookups would repeat every node, so it is left out.
 */
import type { Plan, PlanNode } from './plan-tree.ts';

export interface PlanJson {
  readonly analyzed: boolean;
  readonly planningTimeMs: number | null;
  readonly executionTimeMs: number | null;
  readonly root: PlanNode;
}

export function planJson(plan: Plan | undefined): PlanJson | null {
  if (plan === undefined) return null;
  return {
    analyzed: plan.analyzed,
    planningTimeMs: plan.planningTimeMs ?? null,
    executionTimeMs: plan.executionTimeMs ?? null,
    root: plan.root,
  };
}
