/**
 * A plan in `--json` output: the tree from its root, whether it was run, and its times.
 * The flat `nodes` list the library keeps for lookups would repeat every node.
 */
import type { Plan } from '@dbplay/explain';

export function planJson(plan: Plan | undefined): unknown {
  if (plan === undefined) return null;
  return {
    analyzed: plan.analyzed,
    planningTimeMs: plan.planningTimeMs ?? null,
    executionTimeMs: plan.executionTimeMs ?? null,
    root: plan.root,
  };
}
