/**
 * Conformance: running a folder of isolation specs on the real PostgreSQL and on the model,
 * and checking both against the outputs PostgreSQL's own tester expects.
 *
 * dbplay's claims about isolation rest on two machines: the runner, which drives real
 * PostgreSQL sessions the way src/test/isolation/isolationtester.c does, and the model
 * engine, which re-implements PostgreSQL's MVCC, row locks and SSI in the open. Neither was
 * written against material nobody here chose. PostgreSQL's isolation suite is that material:
 * about a hundred specs, each with the output PostgreSQL's tester printed for it. So, per spec:
 *
 *   1. run every permutation (the listed ones, or every interleaving when none is listed, as
 *      the tester does) on the real PostgreSQL, *as written*: the sessions' SQL only, nothing
 *      begun for them (dbplay's catalog lets the runner begin transactions at a level; a
 *      PostgreSQL spec begins its own, and a session that does not runs in autocommit);
 *   2. compare each run with the expected output (compare-transcripts.ts), against any of its
 *      alternatives (`NAME_1.out`, as pg_regress accepts);
 *   3. offer the spec to the model: it accepts it or names the first construct it refuses;
 *   4. run the permutations on the model and compare each with the real run
 *      (compare-outcomes.ts: statuses, SQLSTATEs, rows, final tables).
 *
 * The runner is expected to reproduce every permutation; the model, to accept a growing
 * share of the specs and agree on what it accepts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, DbplayError, didYouMean, firstKeyword, splitStatements } from '@dbplay/core';
import { compareOutcomes, type OutcomeDifference } from '../compare/compare-outcomes.ts';
import type { EngineRun, IsolationEngine } from '../engines/engine.ts';
import type { PermutationOutcome } from '../run/outcome.ts';
import { runPermutation } from '../run/run-permutation.ts';
import { choosePermutations } from '../run/run-scenario.ts';
import { parseSpec } from '../spec/parse-spec.ts';
import type { Scenario } from '../spec/scenario.ts';
import { compareTranscripts, reportsOfOutcome, type TranscriptDifference } from './compare-transcripts.ts';
import { type DeclaredDifference, declaredDifference } from './declared-differences.ts';
import { type ExpectedPermutation, parseExpectedOutput, type SpecShape } from './expected-output.ts';

export interface ConformanceOptions {
  /** The folder of `.spec` files. */
  readonly specs: string;
  /**
   * The folder of expected `.out` files; default `../expected` beside the specs folder when
   * there is one (PostgreSQL's layout), else the specs folder itself.
   */
  readonly expected?: string;
  /** The real PostgreSQL the specs run on. */
  readonly postgres: IsolationEngine;
  /** The model engine, or null to check the runner only. */
  readonly model: IsolationEngine | null;
  /** Only these specs (by name, without `.spec`); default every spec of the folder. */
  readonly only?: readonly string[];
  /**
   * Skip the specs that list no permutations (whose tester runs every interleaving, 476 of the
   * suite's 1,375 permutations), to keep a CI run short.
   */
  readonly listedOnly?: boolean;
  /** Called before each spec, for a progress line. */
  readonly onSpec?: (name: string, index: number, total: number) => void;
}

export interface PermutationConformance {
  readonly steps: readonly string[];
  /** Differences from the expected output (from the closest alternative); empty when identical. */
  readonly runner: readonly TranscriptDifference[];
  /** Why the run could not be compared (it failed, or no expected output has it); null otherwise. */
  readonly runnerProblem: string | null;
  /** The model's differences from the real run; null when the model did not run it. */
  readonly model: readonly OutcomeDifference[] | null;
}

export interface SpecConformance {
  /** The spec's name: its file name without `.spec`. */
  readonly spec: string;
  readonly file: string;
  /** The expected-output files found, primary first; empty when there are none. */
  readonly expectedFiles: readonly string[];
  /** Why the spec could not be run at all (it did not parse); null otherwise. */
  readonly problem: string | null;
  readonly permutations: readonly PermutationConformance[];
  /** Permutations identical to the expected output, of those run. */
  readonly runnerIdentical: number;
  /**
   * Why the runner's differences on this spec are the server's (an older PostgreSQL than the
   * one that printed the expected output: declared-differences.ts); null when it has none, or
   * when it reproduces the spec anyway.
   */
  readonly declared: DeclaredDifference | null;
  /** Steps that printed several result sets, of which only the last was compared. */
  readonly partialSteps: number;
  /** Whether the model accepts the spec's SQL; null when the model was not asked. */
  readonly modelAccepted: boolean | null;
  /** What the model refused, as its error says (file:line: construct …); null when accepted. */
  readonly modelRefusal: string | null;
  /** Permutations on which the model and the real run agree. */
  readonly modelIdentical: number;
  /** Permutations the model ran. */
  readonly modelRun: number;
  /** How long the spec took, both engines, in seconds (for finding the slow ones). */
  readonly seconds: number;
}

export interface ConformanceReport {
  readonly specsFolder: string;
  readonly expectedFolder: string;
  readonly postgres: string;
  readonly specs: readonly SpecConformance[];
  readonly totals: ConformanceTotals;
}

export interface ConformanceTotals {
  readonly specs: number;
  /** Permutations identical to the expected output / permutations with an expected output. */
  readonly runnerIdentical: number;
  readonly runnerCompared: number;
  /** Permutations that differ on specs whose difference is declared (the server's version). */
  readonly runnerDeclared: number;
  /** The runner's figure on the specs without a declared difference: the one that must be 100%. */
  readonly runnerUndeclared: { readonly identical: number; readonly compared: number };
  /** Specs with a runner difference that is not declared, or a problem: the command exits 1. */
  readonly runnerFailures: number;
  readonly modelAccepted: number;
  readonly modelIdentical: number;
  readonly modelRun: number;
}

/** Runs the conformance check over a folder of specs. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const specNames = await findSpecs(options.specs, options.only);
  const expectedFolder = options.expected ?? (await defaultExpectedFolder(options.specs));
  const expectedNames = await readdirOrEmpty(expectedFolder);
  const specs: SpecConformance[] = [];
  for (const [index, name] of specNames.entries()) {
    options.onSpec?.(name, index, specNames.length);
    const started = performance.now();
    const checked = await checkSpec(name, options, expectedFolder, expectedNames);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
    if (checked !== null) specs.push({ ...checked, seconds });
  }
  return {
    specsFolder: options.specs,
    expectedFolder,
    postgres: options.postgres.description,
    specs,
    totals: totalsOf(specs),
  };
}

export function totalsOf(specs: readonly SpecConformance[]): ConformanceTotals {
  const sum = (f: (spec: SpecConformance) => number) => specs.reduce((total, spec) => total + f(spec), 0);
  return {
    specs: specs.length,
    runnerIdentical: sum((s) => s.runnerIdentical),
    runnerCompared: sum((s) => s.permutations.filter((p) => p.runnerProblem === null).length),
    runnerDeclared: sum((s) => (s.declared === null ? 0 : s.permutations.length - s.runnerIdentical)),
    runnerUndeclared: {
      identical: sum((s) => (s.declared === null ? s.runnerIdentical : 0)),
      compared: sum((s) =>
        s.declared === null ? s.permutations.filter((p) => p.runnerProblem === null).length : 0,
      ),
    },
    runnerFailures: specs.filter((s) => !runnerConforms(s) && s.declared === null).length,
    modelAccepted: specs.filter((s) => s.modelAccepted === true).length,
    modelIdentical: sum((s) => s.modelIdentical),
    modelRun: sum((s) => s.modelRun),
  };
}

/** Whether the runner reproduced every permutation of the spec (a spec without expected output passes). */
export function runnerConforms(spec: SpecConformance): boolean {
  if (spec.problem !== null) return false;
  if (spec.expectedFiles.length === 0) return true;
  return spec.permutations.every((p) => p.runnerProblem === null && p.runner.length === 0);
}

/**
 * The spec names of a folder (file names without `.spec`), sorted, or only those asked for;
 * bad input when there are none or one asked for is missing. Cheap: call it before starting engines.
 */
export async function findSpecs(
  folder: string,
  only?: readonly string[],
  /** The folder as the user wrote it, for messages. */
  shown: string = folder,
): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.spec')).map((name) => name.slice(0, -5));
  } catch (error) {
    throw new BadInputError(`cannot read the specs folder ${shown} (${(error as { code?: string }).code})`, {
      cause: error,
    });
  }
  if (names.length === 0) throw new BadInputError(`no .spec files in ${shown}`);
  names.sort();
  if (only === undefined) return names;
  for (const name of only) {
    if (!names.includes(name))
      throw new BadInputError(`no spec ${name}.spec in ${shown}${didYouMean(name, names)}`);
  }
  return names.filter((name) => only.includes(name));
}

async function defaultExpectedFolder(specs: string): Promise<string> {
  const sibling = join(specs, '..', 'expected');
  return (await readdirOrEmpty(sibling)).length > 0 ? sibling : specs;
}

async function readdirOrEmpty(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}

/** `NAME.out`, then `NAME_1.out`, `NAME_2.out` … */
function expectedFilesOf(name: string, files: readonly string[]): string[] {
  const alternatives = files
    .filter((file) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_\\d+\\.out$`).test(file))
    .sort();
  return [...(files.includes(`${name}.out`) ? [`${name}.out`] : []), ...alternatives];
}

async function checkSpec(
  name: string,
  options: ConformanceOptions,
  expectedFolder: string,
  expectedNames: readonly string[],
): Promise<Omit<SpecConformance, 'seconds'> | null> {
  const file = join(options.specs, `${name}.spec`);
  const expectedFiles = expectedFilesOf(name, expectedNames);
  const empty = {
    spec: name,
    file,
    expectedFiles,
    permutations: [],
    runnerIdentical: 0,
    declared: null,
    partialSteps: 0,
    modelAccepted: null,
    modelRefusal: null,
    modelIdentical: 0,
    modelRun: 0,
  };
  let scenario: Scenario;
  let expected: ExpectedPermutation[][];
  try {
    scenario = parseSpec(await readFile(file, 'utf8'), file);
    const shape = specShape(scenario);
    expected = await Promise.all(
      expectedFiles.map(async (out) => {
        const path = join(expectedFolder, out);
        return parseExpectedOutput(await readFile(path, 'utf8'), shape, path);
      }),
    );
  } catch (error) {
    return { ...empty, problem: messageOf(error) };
  }

  if (options.listedOnly === true && scenario.permutations.length === 0) return null;
  const postgres = asWritten(options.postgres, regressSettings);
  const model = options.model === null ? null : asWritten(options.model, regressSettings);
  const permutations: PermutationConformance[] = [];
  let partialSteps = 0;
  let modelRefusal: string | null = null;
  for (const { steps } of choosePermutations(scenario, { kind: 'listed' })) {
    const key = steps.join(' ');
    const marked = markedSteps(scenario, steps);
    let real: PermutationOutcome | null = null;
    let runner: TranscriptDifference[] = [];
    let runnerProblem: string | null = null;
    try {
      real = await runPermutation({
        engine: postgres,
        scenario,
        level: postgres.defaultLevel,
        permutation: steps,
      });
    } catch (error) {
      runnerProblem = `could not run: ${messageOf(error)}`;
    }
    if (real !== null) {
      const candidates = expected
        .map((permutations) => permutations.find((p) => p.steps.join(' ') === key))
        .filter((p): p is ExpectedPermutation => p !== undefined);
      if (expectedFiles.length > 0 && candidates.length === 0) {
        runnerProblem = 'no expected output for this permutation';
      } else if (candidates.length > 0) {
        const actual = reportsOfOutcome(real);
        const comparisons = candidates.map((c) => compareTranscripts(c.reports, actual, marked));
        const best = comparisons.reduce((a, b) => (b.differences.length < a.differences.length ? b : a));
        runner = [...best.differences];
        partialSteps += best.partial;
      }
    }
    let modelDifferences: OutcomeDifference[] | null = null;
    if (model !== null && modelRefusal === null && real !== null) {
      try {
        const ours = await runPermutation({
          engine: model,
          scenario,
          level: model.defaultLevel,
          permutation: steps,
        });
        modelDifferences = compareOutcomes(ours, real, marked);
      } catch (error) {
        // A refusal names the construct; anything else is a model bug, reported as such.
        modelRefusal =
          error instanceof DbplayError ? error.oneLine() : `the model failed: ${messageOf(error)}`;
      }
    }
    permutations.push({ steps, runner, runnerProblem, model: modelDifferences });
  }
  const modelRun = permutations.filter((p) => p.model !== null).length;
  const runnerIdentical = permutations.filter(
    (p) => p.runnerProblem === null && p.runner.length === 0,
  ).length;
  const serverVersion =
    'serverVersion' in options.postgres ? String(options.postgres.serverVersion) : undefined;
  return {
    ...empty,
    problem: null,
    permutations,
    runnerIdentical,
    declared:
      expectedFiles.length > 0 && runnerIdentical < permutations.length
        ? declaredDifference(name, serverVersion)
        : null,
    partialSteps,
    modelAccepted: model === null ? null : modelRefusal === null,
    modelRefusal,
    modelIdentical: permutations.filter((p) => p.model !== null && p.model.length === 0).length,
    modelRun,
  };
}

/** What reading the spec's expected outputs needs to know of it. */
export function specShape(scenario: Scenario): SpecShape {
  const returnsRows = (sql: string) => {
    const last = splitStatements(sql).at(-1)?.text;
    return last !== undefined && ['select', 'values', 'table', 'with'].includes(firstKeyword(last));
  };
  return {
    stepSql: new Map(scenario.sessions.flatMap((s) => s.steps.map((step) => [step.name, step.sql]))),
    teardownTables: scenario.sessions.filter((s) => s.teardown !== null && returnsRows(s.teardown.sql))
      .length,
  };
}

/** The steps of a listed permutation that carry a marker (`s1a(s2b)`, `s1a(*)`). */
function markedSteps(scenario: Scenario, steps: readonly string[]): Set<string> {
  const listed = scenario.permutations.find((p) => p.steps.map((s) => s.name).join(' ') === steps.join(' '));
  return new Set(listed?.steps.filter((s) => s.markers.length > 0).map((s) => s.name) ?? []);
}

/**
 * The session settings PostgreSQL's test driver gives every connection (pg_regress.c sets
 * PGDATESTYLE, PGTZ and, through PGOPTIONS, intervalstyle), which the expected outputs assume:
 * a date prints as `12-22-2008`, not `2008-12-22`.
 */
export const regressSettings =
  "SET datestyle = 'Postgres, MDY'; SET timezone = 'America/Los_Angeles'; SET intervalstyle = 'postgres_verbose';";

/**
 * The engine, running each session's SQL exactly as written: it never begins a transaction
 * for a session (a PostgreSQL spec begins its own, in a session setup or a step). `settings`,
 * when given, runs on each session's connection once when it opens, as a query of its own.
 */
export function asWritten(engine: IsolationEngine, settings?: string): IsolationEngine {
  return {
    name: engine.name,
    description: engine.description,
    levels: engine.levels,
    defaultLevel: engine.defaultLevel,
    resolvesDeadlocks: engine.resolvesDeadlocks,
    beginStatement: () => '(each session as written)',
    levelWithoutSsi: () => null,
    levelNote: () => null,
    open: async (scenario, level, sessions, openOptions) => {
      const run = await engine.open(scenario, level, sessions, {
        ...openOptions,
        ...(settings === undefined ? {} : { sessionSettings: settings }),
      });
      const wrapped: EngineRun = {
        issue: (session, sql, _begin, label) => run.issue(session, sql, null, label),
        settle: () => run.settle(),
        awaitProgress: (ms) => run.awaitProgress(ms),
        finish: () => run.finish(),
        finalState: () => run.finalState(),
        dispose: () => run.dispose(),
      };
      return wrapped;
    },
    close: () => engine.close(),
  };
}

function messageOf(error: unknown): string {
  if (error instanceof DbplayError) return error.oneLine();
  if (error instanceof Error) return error.message;
  return String(error);
}
