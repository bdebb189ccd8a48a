/**
 * Where two runs of the same permutation differ: the model engine's against real
 * PostgreSQL's, step by step.
 *
 * Two runs agree when every step has the same status (ok, waited and resumed, still waiting,
 * or failed with the same SQLSTATE), returns the same rows (as a multiset, unless the
 * statement orders them), and the tables end the same. Messages and details are shown but
 * not compared: they name transaction ids and reason codes that are not part of the outcome.
 *
 * A step the permutation gives a timing marker (`s1b(*)`, `s1a(s2b)` in PostgreSQL's isolation
 * specs) is compared without its waiting: the marker exists because whether the tester sees such
 * a step wait is a matter of timing (src/test/isolation/README, "Permutation step markers"). Both
 * runs must still finish it the same way, with the same rows or the same error.
 */
import { sameRows } from '@dbplay/core';
import { ordersRows, readComparison, sameFinalState } from '../judge/compare-results.ts';
import { describeResult, describeTables } from '../judge/describe-rows.ts';
import type { PermutationOutcome, StepOutcome } from '../run/outcome.ts';

export interface OutcomeDifference {
  /** `s2w (T2)`, `final state`, or `permutation`. */
  readonly where: string;
  readonly model: string;
  readonly reference: string;
}

export function compareOutcomes(
  model: PermutationOutcome,
  reference: PermutationOutcome,
  marked: ReadonlySet<string> = new Set(),
): OutcomeDifference[] {
  const differences: OutcomeDifference[] = [];
  const skip = (outcome: PermutationOutcome) =>
    outcome.skipped === null
      ? 'ran to the end'
      : `stopped at ${outcome.skipped.step}: its session still waited at ${outcome.skipped.behind}`;
  if ((model.skipped?.step ?? null) !== (reference.skipped?.step ?? null)) {
    differences.push({ where: 'permutation', model: skip(model), reference: skip(reference) });
  }
  const names = [...new Set([...model.steps, ...reference.steps].map((step) => step.step))];
  for (const name of names) {
    const ours = model.steps.filter((step) => step.step === name);
    const theirs = reference.steps.filter((step) => step.step === name);
    for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
      const a = ours[i];
      const b = theirs[i];
      const where = `${name} (${(a ?? b)?.session ?? '?'})`;
      if (a === undefined || b === undefined) {
        differences.push({
          where,
          model: a === undefined ? 'not run' : status(a),
          reference: b === undefined ? 'not run' : status(b),
        });
        continue;
      }
      if (statusKey(a, marked.has(name)) !== statusKey(b, marked.has(name))) {
        differences.push({ where, model: status(a), reference: status(b) });
      } else if (!sameRows(a.rows, b.rows, readComparison(a.sql))) {
        const ordered = ordersRows(a.sql);
        differences.push({
          where,
          model: `returned ${describeResult(a.rows, { sorted: !ordered })}`,
          reference: `returned ${describeResult(b.rows, { sorted: !ordered })}`,
        });
      }
    }
  }
  if (!sameFinalState(model.final, reference.final)) {
    differences.push({
      where: 'final state',
      model: describeTables(model.final),
      reference: describeTables(reference.final),
    });
  }
  return differences;
}

function statusKey(step: StepOutcome, timingMarked: boolean): string {
  if (step.status === 'error') return `error ${step.error?.code ?? '?'}`;
  // A marked step that waited and one that did not both finished: the marker leaves the wait out.
  return timingMarked && step.status === 'resumed' ? 'ok' : step.status;
}

function status(step: StepOutcome): string {
  switch (step.status) {
    case 'ok':
      return step.command ?? 'ok';
    case 'resumed':
      return `waited, then ${step.command ?? 'finished'}`;
    case 'waiting':
      return 'still waiting at the end';
    case 'error':
      return `${step.waitedFor.length > 0 ? 'waited, then ' : ''}failed with ${step.error?.code ?? '?'} (${step.error?.message ?? ''})`;
  }
}
