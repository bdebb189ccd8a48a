/**
 * A lesson, as the rest of the package sees it once its YAML file has been checked
 * (lesson-file.ts reads and validates it).
 *
 * A lesson is one idea taught in four beats, the order that makes it stick: the goal in
 * a sentence; a **checkpoint** where the learner commits to a prediction before seeing
 * anything; the real run, on the same engines and libraries the other commands use; the
 * explanation, and where to explore next. The checkpoint's answer is never text written in
 * the file: the run produces it (a value read from PostgreSQL, from an isolation run, from
 * the B+tree), and the learner's prediction is graded against that live value. The file
 * carries the author's expected answer too, which `dbplay learn validate` (and the test
 * suite) compares with the live one, so a lesson whose engine behaviour drifts fails loudly.
 */
import type { SourceLocation } from '@dbplay/core';
import type { Tolerance } from '@dbplay/explain';

/** The interview topics the path covers, in the order `dbplay learn` lists them. */
export const lessonTopics = ['indexes', 'btree-lsm', 'explain', 'mvcc', 'isolation', 'locking'] as const;
export type LessonTopic = (typeof lessonTopics)[number];

export const topicTitles: Readonly<Record<LessonTopic, string>> = {
  indexes: 'Indexes: what they are; composite, covering, partial, low-cardinality',
  'btree-lsm': 'B-trees and LSM-trees',
  explain: 'Reading EXPLAIN',
  mvcc: 'MVCC and VACUUM, on PostgreSQL and the model',
  isolation: 'Isolation anomalies',
  locking: 'Locking',
};

/** SQL on a fresh PGlite (PostgreSQL 18) with pageinspect loaded. */
export interface SqlRun {
  readonly kind: 'sql';
  /** Statements run in order, each shown with its result. */
  readonly sql: string;
  /** A query whose single value is the checkpoint's answer. */
  readonly answer: string;
}

/** A plan on an EXPLAIN exercise dataset, read by a node selector. */
export interface ExplainRun {
  readonly kind: 'explain';
  readonly dataset: string;
  /** Statements (an index to try), then the query to explain, rolled back afterwards. */
  readonly sql: string;
  readonly analyze: boolean;
  /** What to read off the plan: the node (selector fields) and the field. */
  readonly answer: { readonly select: Readonly<Record<string, string>>; readonly field: string };
}

/** What an isolation run answers. */
export const isolationAnswers = [
  'first-error',
  'first-wait',
  'committed',
  'anomaly',
  'vacuum-removed',
  'vacuum-kept',
] as const;
export type IsolationAnswer = (typeof isolationAnswers)[number];

/** A catalog scenario (or a spec file of the lessons folder), run on one engine. */
export interface IsolationRun {
  readonly kind: 'isolation';
  readonly scenario: string;
  readonly engine: 'postgres' | 'sqlite' | 'model';
  readonly level: string;
  /** Which permutation of the scenario (1-based, as `isolation run --permutation`). */
  readonly permutation: number;
  readonly answer: IsolationAnswer;
}

export const btreeAnswers = ['height', 'leaves', 'splits', 'pages-read'] as const;
export type BtreeAnswer = (typeof btreeAnswers)[number];

/** Keys inserted into the B+tree of @dbplay/btree, then one figure of it. */
export interface BtreeRun {
  readonly kind: 'btree';
  readonly order: number;
  readonly insert: readonly number[];
  /** For `pages-read`: the key looked up. */
  readonly find: number | undefined;
  readonly answer: BtreeAnswer;
}

/** The B+tree vs LSM comparison on one workload; the answer is a path into its report. */
export interface AmplificationRun {
  readonly kind: 'btree-vs-lsm';
  readonly workload: string;
  readonly n: number;
  /** `btree.writeAmplification`, or `higher:writeAmplification` (which side is higher). */
  readonly answer: string;
}

/**
 * Statements in named sessions on a PostgreSQL server (the embedded one, or --url), in
 * the order written: what needs two connections at once, like a transaction that stays
 * open while another session runs VACUUM.
 */
export interface SessionsRun {
  readonly kind: 'sessions';
  readonly steps: readonly { readonly session: string; readonly sql: string }[];
  /** The session and query whose single value answers the checkpoint. */
  readonly answer: { readonly session: string; readonly sql: string };
}

export const simulationAnswers = ['first-compaction', 'compactions', 'write-amplification'] as const;
export type SimulationAnswer = (typeof simulationAnswers)[number];

/** mini-lsm's compaction simulator (@dbplay/lsm), flushing one table per iteration. */
export interface SimulationRun {
  readonly kind: 'lsm-simulate';
  /** A strategy as `dbplay lsm simulate` takes it: `simple`, `tiered`, `leveled`. */
  readonly strategy: 'simple' | 'tiered' | 'leveled';
  readonly iterations: number;
  /** The flush after which the first compaction ran, how many ran, or the write amplification. */
  readonly answer: SimulationAnswer;
}

export type LessonRun =
  | SqlRun
  | ExplainRun
  | IsolationRun
  | BtreeRun
  | AmplificationRun
  | SessionsRun
  | SimulationRun;
export type RunKind = LessonRun['kind'];
export const runKinds: readonly RunKind[] = [
  'sql',
  'explain',
  'isolation',
  'btree',
  'btree-vs-lsm',
  'sessions',
  'lsm-simulate',
];

export interface CheckpointOption {
  readonly key: string;
  readonly text: string;
  /** The live value this option stands for (a SQLSTATE, a node name, a session); the key by default. */
  readonly value: string;
}

export type Checkpoint =
  | {
      readonly kind: 'choice';
      readonly ask: string;
      readonly options: readonly CheckpointOption[];
      /** The key the author expects the run to confirm. */
      readonly answer: string;
    }
  | {
      readonly kind: 'number';
      readonly ask: string;
      /** A prediction this close (absolute, or a percentage of the live value) is right. */
      readonly tolerance: Tolerance;
      readonly answer: number;
    };

export interface Lesson {
  /** Its place on the path, from the file name `NN-<id>.yaml`. */
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly topic: LessonTopic;
  /** What the learner will be able to say afterwards, in a sentence. */
  readonly goal: string;
  /** The situation, in Markdown, before the prediction. */
  readonly intro: string;
  readonly checkpoint: Checkpoint;
  readonly run: LessonRun;
  readonly explanation: string;
  /** Commands to explore further, each a dbplay command line. */
  readonly explore: readonly string[];
  readonly file: string;
  readonly location: SourceLocation;
}
