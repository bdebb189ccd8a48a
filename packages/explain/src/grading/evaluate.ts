/**
 * Evaluating what a question reads (a measure) and what a plan must satisfy (a condition)
 * against the plan the planner just produced.
 *
 * This is where "graded by the real planner" happens: a number question's right answer
 * is the number in this plan, a choice's right option is the one whose condition holds
 * in this plan, and a fix passes when this plan (after the learner's SQL) meets every
 * condition.
 */
import type { Comparison, Condition, Measure } from '../exercises/exercise.ts';
import { describeSelector, readField, selectNodes } from '../plans/plan-query.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { ExerciseTransaction } from '../sessions/exercise-transaction.ts';

/** A measure or selector that does not pick what it should: a mistake in the exercise file. */
export class ExerciseDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseDefinitionError';
  }
}

export async function evaluateMeasure(
  measure: Measure,
  plan: Plan,
  tx: ExerciseTransaction,
): Promise<number | string | undefined> {
  switch (measure.kind) {
    case 'count':
      return selectNodes(plan, measure.select).length;
    case 'sql': {
      const value = await tx.value(measure.sql);
      if (typeof value === 'number' || typeof value === 'string') return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      return value === null || value === undefined ? undefined : String(value);
    }
    case 'field': {
      const nodes = selectNodes(plan, measure.select);
      if (nodes.length !== 1) {
        throw new ExerciseDefinitionError(
          `${describeSelector(measure.select)} matches ${nodes.length} nodes of the plan; a measure needs exactly one`,
        );
      }
      return readField(nodes[0] as (typeof nodes)[number], measure.field);
    }
  }
}

/** What a fix condition compares against: the unchanged query's plan and result. */
export interface FixComparison {
  readonly baselineCost: number;
  /** Whether the fixed query returned the same rows, in the order asked for. */
  readonly sameRows: (order: 'ordered' | 'unordered') => boolean;
}

export interface ConditionResult {
  readonly ok: boolean;
  /** The condition in words, with what was found: "no Seq Scan on orders (found one)". */
  readonly text: string;
}

export async function evaluateCondition(
  condition: Condition,
  plan: Plan,
  tx: ExerciseTransaction,
  fix?: FixComparison,
): Promise<ConditionResult> {
  switch (condition.kind) {
    case 'present': {
      const found = selectNodes(plan, condition.select).length;
      return {
        ok: found > 0,
        text: `the plan has ${describeSelector(condition.select)}${found > 0 ? '' : ' (it has none)'}`,
      };
    }
    case 'absent': {
      const found = selectNodes(plan, condition.select).length;
      return {
        ok: found === 0,
        // "no a node" reads badly: a selector without a node type is "no node …".
        text: `the plan has no ${describeSelector(condition.select).replace(/^a node\b/, 'node')}${found === 0 ? '' : ` (it has ${found})`}`,
      };
    }
    case 'compare': {
      const value = await evaluateMeasure(condition.measure, plan, tx);
      const number = typeof value === 'number' ? value : Number(value);
      const ok =
        value !== undefined && Number.isFinite(number) && compare(number, condition.op, condition.value);
      return {
        ok,
        text: `${describeMeasure(condition.measure)} ${condition.op.replace('_', ' ')} ${condition.value} (it is ${value === undefined ? 'absent' : formatValue(number)})`,
      };
    }
    case 'sql': {
      const value = await tx.value(condition.sql);
      return {
        ok: value === true || value === 't' || value === 1,
        text: `the check \`${condition.sql.trim()}\` holds`,
      };
    }
    case 'cost-times-lower': {
      if (fix === undefined) throw new ExerciseDefinitionError('cost_times_lower is only for fixes');
      const factor = fix.baselineCost / Math.max(plan.root.totalCost, 0.01);
      return {
        ok: factor >= condition.factor,
        text: `the total cost is at least ${condition.factor}× lower than ${formatValue(fix.baselineCost)} (it is ${formatValue(plan.root.totalCost)}, ${describeFactor(factor)})`,
      };
    }
    case 'same-rows': {
      if (fix === undefined) throw new ExerciseDefinitionError('same_rows is only for fixes');
      const ok = fix.sameRows(condition.order);
      return {
        ok,
        text: `the query returns the same rows as before${condition.order === 'ordered' ? ', in the same order' : ''}${ok ? '' : ' (it does not)'}`,
      };
    }
  }
}

/** "3.2× lower", "unchanged", "1.5× higher": never "1× lower" for a cost that did not move. */
function describeFactor(factor: number): string {
  if (Math.abs(factor - 1) < 0.005) return 'unchanged';
  return factor > 1 ? `${formatValue(factor)}× lower` : `${formatValue(1 / factor)}× higher`;
}

function compare(value: number, op: Comparison, limit: number): boolean {
  switch (op) {
    case 'at_most':
      return value <= limit;
    case 'at_least':
      return value >= limit;
    case 'below':
      return value < limit;
    case 'above':
      return value > limit;
    case 'equals':
      return value === limit;
  }
}

function describeMeasure(measure: Measure): string {
  switch (measure.kind) {
    case 'count':
      return `the number of ${describeSelector(measure.select)} nodes`;
    case 'sql':
      return `\`${measure.sql.trim()}\``;
    case 'field':
      return `${measure.field.replaceAll('_', ' ')} of ${describeSelector(measure.select)}`;
  }
}

/** Numbers as a person reads them: whole numbers plain, others with two decimals. */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
