/**
 * A scenario: the schedule of an isolation experiment, as PostgreSQL's isolation tester
 * reads it (src/test/isolation/README, specparse.y).
 *
 * A scenario file sets up some tables, names two or three sessions, each a list of named
 * steps (one SQL block each), and lists permutations: orders in which the steps of all
 * sessions are interleaved. Each session runs on its own connection, so a permutation is
 * exactly what a learner would type into several psql windows, one line at a time:
 *
 *     setup      { create table test (id int primary key, value int); … }
 *     session T1
 *     step s1r   { select * from test where id = 1; }
 *     step s1w   { update test set value = 11 where id = 1; }
 *     step s1c   { commit; }
 *     session T2
 *     …
 *     permutation s1r s2r s1w s2w s1c s2c
 *
 * dbplay adds a header comment with the scenario's name, the anomaly it shows and where
 * it comes from (see spec-metadata.ts); PostgreSQL's tester skips it as a comment, so a
 * catalog file is still a valid spec for `isolationtester`.
 */
import { createHash } from 'node:crypto';

/** A block of SQL in braces, and the line it starts on (for error messages). */
export interface SqlBlock {
  readonly sql: string;
  readonly line: number;
}

export interface ScenarioStep {
  /** Unique across the whole file, as in PostgreSQL's tester. */
  readonly name: string;
  readonly session: string;
  readonly sql: string;
  readonly line: number;
}

export interface ScenarioSession {
  readonly name: string;
  readonly line: number;
  /** Run on the session's connection before the permutation starts (e.g. `BEGIN ISOLATION LEVEL …`). */
  readonly setup: SqlBlock | null;
  readonly teardown: SqlBlock | null;
  readonly steps: readonly ScenarioStep[];
}

/**
 * A marker after a step name in a permutation, as PostgreSQL 14+ writes them:
 * `s1a(*)` (report the step as waiting at once), `s1a(s2b)` (report its completion only
 * after s2b completes), `s1a(s2b notices 1)`. dbplay reads them and keeps them, and reports
 * steps in the order it observes them.
 */
export type StepMarker =
  | { readonly kind: 'waits-at-once' }
  | { readonly kind: 'after-step'; readonly step: string }
  | { readonly kind: 'after-notices'; readonly step: string; readonly notices: number };

export interface PermutationStep {
  readonly name: string;
  readonly markers: readonly StepMarker[];
}

export interface Permutation {
  /** The line of the `permutation` keyword; null for generated permutations. */
  readonly line: number | null;
  readonly steps: readonly PermutationStep[];
}

/** What the header comment says about the scenario (see spec-metadata.ts). */
export interface ScenarioMetadata {
  readonly title: string | null;
  /** The anomaly it demonstrates, by its Adya or Berenson name (`G2-item`, `P4` …), or `none`. */
  readonly anomaly: string | null;
  /** Two sentences a learner remembers. */
  readonly story: string | null;
  readonly cite: string | null;
  /** The engines it runs on; null for every engine. */
  readonly engines: readonly string[] | null;
  /** Anything else worth knowing (engine quirks), shown by `dbplay isolation show`. */
  readonly note: string | null;
  /** Other names `dbplay isolation run` accepts for it (`write-skew` for `g2-item`). */
  readonly aliases: readonly string[];
  /**
   * Where the model engine differs from PostgreSQL on purpose, and why (`model-differs:`);
   * `levels` null means every level. `dbplay isolation compare` counts these apart.
   */
  readonly modelDifferences: readonly {
    readonly levels: readonly string[] | null;
    readonly reason: string;
  }[];
}

export interface Scenario {
  /** The catalog id (`g2-item`), or the file name without `.spec`. */
  readonly id: string;
  /** The file it was read from, as given; `<inline>` for text parsed directly. */
  readonly file: string;
  readonly metadata: ScenarioMetadata;
  readonly setup: readonly SqlBlock[];
  readonly teardown: SqlBlock | null;
  readonly sessions: readonly ScenarioSession[];
  /** The listed permutations; empty means every interleaving (see interleavings.ts). */
  readonly permutations: readonly Permutation[];
  /** The full text, so engines can tell two versions of a file apart. */
  readonly source: string;
}

/** Whether the scenario runs on this engine: its header's `engines:` line names it, or has none. */
export function runsOn(scenario: Scenario, engine: string): boolean {
  return scenario.metadata.engines === null || scenario.metadata.engines.includes(engine);
}

/** The step with this name, or undefined. */
export function findStep(scenario: Scenario, name: string): ScenarioStep | undefined {
  for (const session of scenario.sessions) {
    const step = session.steps.find((s) => s.name === name);
    if (step !== undefined) return step;
  }
  return undefined;
}

/** The session with this name; throws if there is none (names come from the parsed scenario). */
export function sessionOf(scenario: Scenario, name: string): ScenarioSession {
  const session = scenario.sessions.find((s) => s.name === name);
  if (session === undefined) throw new RangeError(`scenario ${scenario.id} has no session ${name}`);
  return session;
}

const keys = new WeakMap<Scenario, string>();

/**
 * What makes two scenarios the same for the engines' caches (templates, replay databases,
 * runs): the file and a hash of its text, so an edited file is a new scenario.
 */
export function scenarioKey(scenario: Scenario): string {
  let key = keys.get(scenario);
  if (key === undefined) {
    key = `${scenario.file}#${createHash('sha1').update(scenario.source).digest('hex')}`;
    keys.set(scenario, key);
  }
  return key;
}
