/**
 * The stepping model: how a structure tells a learner what it is doing.
 *
 * Every dbplay structure (B+tree, LSM-tree, isolation engine) runs an operation in one of
 * two ways. Silently, on the fast path, as any production data structure would; or with a
 * {@link Tracer} attached, in which case it reports each decision as a {@link Step}: what
 * kind of thing happened, which nodes, files or sessions it touched, one sentence a learner
 * can follow, and enough state to draw the structure right after it.
 *
 * The rule that keeps tracing free when it is off: a structure builds a step only inside
 * the call `tracer?.emit(...)`. JavaScript evaluates the arguments of an optional call only
 * when the receiver exists, so with no tracer the step object, its narration string and
 * its snapshot are never built. Debuggers work the same way: PostgreSQL's `elog(DEBUG…)`
 * and SQLite's `SELECTTRACE` compile or branch away when tracing is off.
 *
 *     tracer?.emit({ kind: 'split', touched: [7, 9], narration: `Leaf 7 is full, …` })
 */

/** One thing a structure did, as data: drawable, printable, serialisable to JSON. */
export interface Step<Kind extends string = string, Snapshot = unknown> {
  /** What happened: `visit`, `split`, `merge`, `borrow`, `flush`, `compact`, `read`, `write`, `block`, `abort` … */
  readonly kind: Kind;
  /** The ids of what the step touched (node ids, file ids, session names), for highlighting. */
  readonly touched: readonly (number | string)[];
  /** One sentence for a human: "Leaf 7 holds 4 of 4 keys, so it splits at 40 …". */
  readonly narration: string;
  /** The state after the step, in whatever form the structure's drawing code understands. */
  readonly snapshot?: Snapshot;
}

/** Receives the steps of a traced operation. Structures call it only when one is attached. */
export interface Tracer<S extends Step = Step> {
  emit(step: S): void;
}

/** A tracer that keeps every step it is given, in order: for tests, `--trace` and `--json`. */
export class StepRecorder<S extends Step = Step> implements Tracer<S> {
  readonly steps: S[] = [];

  emit(step: S): void {
    this.steps.push(step);
  }

  /** The narrations alone, one per step: the transcript a golden test compares. */
  narrations(): string[] {
    return this.steps.map((step) => step.narration);
  }
}

/** A tracer that hands each step to a callback as it happens: for `--step`, which pauses between steps. */
export function tracerOf<S extends Step>(onStep: (step: S) => void): Tracer<S> {
  return { emit: onStep };
}
