/**
 * An exercise, as the rest of the package sees it once its YAML file has been checked
 * (exercise-file.ts reads and validates it).
 *
 * The grader never compares against text written in the file: every question names what
 * to read from the plan the planner produces (a node's type, a cost, a count), or a
 * condition the plan must meet, and the answer is checked against that at grading time.
 * The file also carries a reference answer for every question, which the test suite
 * grades, so an exercise whose planner behaviour drifts fails loudly.
 */
import type { SourceLocation } from '@dbplay/core';
import type { Tolerance } from './tolerance.ts';

/** Picks plan nodes. Every given key must match; an empty selector picks the root. */
export interface NodeSelector {
  /** The node name, as psql prints it or as the JSON says it (`HashAggregate` or `Aggregate`). */
  readonly node?: string;
  /** The table; `*` matches any run of characters (`events_2025_*`). */
  readonly relation?: string;
  readonly index?: string;
  readonly joinType?: string;
  readonly strategy?: string;
  readonly sortSpaceType?: string;
  /** How the parent uses the node: `Outer` or `Inner` side of a join, `SubPlan` … */
  readonly role?: string;
  /** The node's parent must match this selector. */
  readonly parent?: NodeSelector;
}

/** The fields of a plan node that hold a name rather than a number. */
const nameFieldList = [
  'node',
  'relation',
  'index',
  'join_type',
  'strategy',
  'sort_method',
  'sort_space_type',
] as const;

/** The names and numbers a question can read off a plan node. */
export const nodeFields = [
  ...nameFieldList,
  'startup_cost',
  'total_cost',
  'rows',
  'width',
  'actual_rows',
  'actual_total_rows',
  'loops',
  'rows_removed_by_filter',
  'removed_percent',
  'heap_fetches',
  'index_searches',
  'exact_heap_blocks',
  'lossy_heap_blocks',
  'hash_batches',
  'estimate_factor',
  'actual_per_estimate',
  'shared_blocks',
] as const;
export type NodeField = (typeof nodeFields)[number];

/** The fields a name question reads one of (the others are numbers). */
export const nameFields: readonly NodeField[] = nameFieldList;

/** A value read from the plan of the query (or a variant of it), or from SQL. */
export type Measure =
  | { readonly kind: 'field'; readonly select: NodeSelector; readonly field: NodeField }
  /** How many nodes match: partitions scanned, joins of a kind. */
  | { readonly kind: 'count'; readonly select: NodeSelector }
  /** The single value a query returns, run on the dataset after the setup. */
  | { readonly kind: 'sql'; readonly sql: string };

export type Comparison = 'at_most' | 'at_least' | 'below' | 'above' | 'equals';

/** Something that is true or false of a plan (and, for fixes, of the attempt). */
export type Condition =
  | { readonly kind: 'present'; readonly select: NodeSelector }
  | { readonly kind: 'absent'; readonly select: NodeSelector }
  | { readonly kind: 'compare'; readonly measure: Measure; readonly op: Comparison; readonly value: number }
  /** Fixes only: the total cost is at least `factor` times lower than the unchanged query's. */
  | { readonly kind: 'cost-times-lower'; readonly factor: number }
  /** Fixes only: the query returns the same rows as the unchanged query did. */
  | { readonly kind: 'same-rows'; readonly order: 'ordered' | 'unordered' }
  /** A query that returns true, run after the setup (and the fix). */
  | { readonly kind: 'sql'; readonly sql: string };

export interface ChoiceOption {
  readonly key: string;
  readonly text: string;
  /** The option is about this query's plan instead of the exercise's. */
  readonly query?: string;
  /** The option is right when this holds. Exactly one option of a question holds. */
  readonly when: Condition;
}

interface QuestionBase {
  readonly name: string;
  /** The question, in Markdown. */
  readonly ask: string;
  readonly location: SourceLocation;
}

export interface ChoiceQuestion extends QuestionBase {
  readonly kind: 'choice';
  readonly options: readonly ChoiceOption[];
  readonly reference: string;
}

/** Name a node type, a relation or an index: the answer is read off the plan. */
export interface NameQuestion extends QuestionBase {
  readonly kind: 'name';
  readonly expect: Measure & { readonly kind: 'field' };
  readonly reference: string;
}

export interface NumberQuestion extends QuestionBase {
  readonly kind: 'number';
  readonly expect: Measure;
  /** An answer within this distance of the true value is right. */
  readonly tolerance: Tolerance;
  readonly reference: number;
}

export interface FixQuestion extends QuestionBase {
  readonly kind: 'fix';
  /** What the plan must look like after the learner's SQL. */
  readonly require: readonly Condition[];
  /** May the fix end with a rewritten query? */
  readonly allowRewrite: boolean;
  /** Settings the fix may change with SET (e.g. `work_mem`). */
  readonly allowSettings: readonly string[];
  readonly reference: string;
}

export type Question = ChoiceQuestion | NameQuestion | NumberQuestion | FixQuestion;
export type QuestionKind = Question['kind'];

/** A labelled value shown with the exercise, read from the dataset (e.g. `relpages`). */
export interface Fact {
  readonly label: string;
  readonly measure: Measure;
}

export interface ExplainOptions {
  readonly analyze: boolean;
  readonly buffers: boolean;
}

export interface Exercise {
  /** Its place in the path, from the file name `NN-<id>.yaml`. */
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly topic: string;
  readonly difficulty: 1 | 2 | 3 | 4 | 5;
  readonly dataset: string;
  /** The versions the exercise was checked on, e.g. `PostgreSQL 18.7 (PGlite 0.5.17)`. */
  readonly checkedOn: readonly string[];
  /** SQL run before the query, in the same transaction (an index the lesson needs). */
  readonly setup: string;
  readonly query: string;
  readonly explain: ExplainOptions;
  /** False when a question asks to predict what the plan shows. */
  readonly showPlan: boolean;
  readonly prompt: string;
  readonly facts: readonly Fact[];
  readonly questions: readonly Question[];
  readonly hints: readonly string[];
  readonly explanation: string;
  /** A link to the PostgreSQL documentation section that covers the lesson. */
  readonly docs: string;
  readonly file: string;
}
