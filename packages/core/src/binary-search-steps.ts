/**
 * The narrated steps of a binary search, kept apart from the search itself.
 *
 * Structures keep their narration in a module of its own: the algorithm stays readable,
 * and the narration is only ever reached from inside `tracer?.emit(...)`, so an untraced
 * search never builds a string.
 */
import type { Step } from './step.ts';

/** One probe of a binary search: which slot was compared, and which half survives. */
export interface ProbeStep extends Step<'probe'> {
  readonly slot: number;
  /** `left` when the sought key is at or before the probed one, else `right`. */
  readonly goes: 'left' | 'right';
}

export function probeStep(
  slot: number,
  probed: unknown,
  sought: unknown,
  goes: 'left' | 'right',
  low: number,
  high: number,
): ProbeStep {
  const relation = goes === 'left' ? '≤' : '>';
  const remaining = goes === 'left' ? `slots ${low}..${slot}` : `slots ${slot + 1}..${high}`;
  return {
    kind: 'probe',
    touched: [slot],
    slot,
    goes,
    narration: `Compare ${String(sought)} with ${String(probed)} in slot ${slot}: ${String(sought)} ${relation} ${String(probed)}, so the search continues in ${remaining}.`,
  };
}
