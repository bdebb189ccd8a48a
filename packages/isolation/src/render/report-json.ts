/**
 * The `--json` documents of `dbplay isolation run`, `matrix` and `compare`.
 *
 *     { scenario, engine, level, permutations: [ { steps: [ { step, session, sql, status, rows,
 *       error: { code, message } | null } ], final, verdict: { serializable, committed,
 *       aborted, explanation } } ] }
 *
 * Rows are objects keyed by column name (a repeated column name gets `_2`, `_3`), so that
 * `jq '.permutations[0].steps[0].rows[0].value'` works; the final state is keyed by table.
 * A few fields beyond that shape say what the text shows: the waits, the permutation, the
 * matrix cell. A model engine's run adds, per step, what the model did (`events`) and its
 * internals afterwards (`internals`, when traced), and per permutation the direct
 * serialization graph (`dsg`) with its cycle.
 */

import type { ScenariosComparison } from '../compare/compare-scenarios.ts';
import { type ModelRunDetails, modelDetails } from '../model/model-run-details.ts';
import { groupTrace, type TraceGroup } from '../model/trace/render-model-trace.ts';
import type { PermutationOutcome, ResultSet, TableState, Value } from '../run/outcome.ts';
import type { MatrixReport } from '../run/run-matrix.ts';
import type { ScenarioReport } from '../run/run-scenario.ts';

function rowsAsObjects(result: ResultSet | TableState): Record<string, Value>[] {
  const names: string[] = [];
  for (const column of result.columns) {
    let name = column;
    for (let n = 2; names.includes(name); n++) name = `${column}_${n}`;
    names.push(name);
  }
  return result.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])));
}

export function scenarioReportJson(report: ScenarioReport): unknown {
  return {
    scenario: report.scenario.id,
    title: report.scenario.metadata.title,
    anomaly: report.scenario.metadata.anomaly,
    engine: report.engine,
    engineDescription: report.engineDescription,
    level: report.level,
    begin: report.beginStatement,
    permutations: report.permutations.map(({ number, outcome, verdict, cell }) => ({
      number,
      permutation: outcome.permutation,
      steps: outcome.steps.map((step, index) => ({
        step: step.step,
        session: step.session,
        sql: step.sql,
        status: step.status,
        rows: step.rows === null ? null : rowsAsObjects(step.rows),
        command: step.command,
        error:
          step.error === null
            ? null
            : {
                code: step.error.code,
                message: step.error.message,
                detail: step.error.detail,
                cause: step.error.cause,
              },
        waitedFor: step.waitedFor,
        finishedAfter: step.finishedAfter,
        postponedBehind: step.postponedBehind,
        ...modelStepJson(outcome, index),
      })),
      sessions: Object.fromEntries(outcome.sessions.map((s) => [s.session, s.status])),
      final: Object.fromEntries(outcome.final.map((table) => [table.table, rowsAsObjects(table)])),
      verdict: {
        serializable: verdict.serializable,
        committed: verdict.committed,
        aborted: verdict.aborted,
        explanation: verdict.explanation,
        serialOrder: verdict.serialOrder,
        anomaly: verdict.anomaly,
        falsePositive: verdict.falsePositive,
        prevention: verdict.prevention,
        outcome: cell.kind,
        codes: cell.codes,
        ...(verdict.cycle === undefined
          ? {}
          : {
              cycle:
                verdict.cycle === null ? null : { text: verdict.cycle.text, anomaly: verdict.cycle.anomaly },
            }),
      },
      ...dsgJson(modelDetails(outcome)),
    })),
  };
}

/** The model's dependency graph of a run, for `--json`; nothing for other engines. */
function dsgJson(details: ModelRunDetails | undefined): { dsg?: unknown } {
  return details === undefined
    ? {}
    : {
        dsg: {
          transactions: details.dsg.nodes.map((node) => node.name),
          edges: details.dsg.edges.map(({ from, to, kind, predicate, object, sentence }) => ({
            from,
            to,
            kind,
            predicate,
            object,
            sentence,
          })),
          cycle: details.cycle === null ? null : details.cycle.text,
          anomaly: details.cycle?.anomaly ?? null,
          phenomena: details.dsg.phenomena,
        },
      };
}

/** The model's narration and internals for the index-th step of a traced run, matched by step name. */
function modelStepJson(
  outcome: PermutationOutcome,
  index: number,
): { events?: string[]; internals?: unknown } {
  const steps = modelDetails(outcome)?.steps ?? [];
  if (steps.length === 0) return {};
  const step = outcome.steps[index];
  if (step === undefined) return {};
  const occurrence = outcome.steps.slice(0, index).filter((s) => s.step === step.step).length;
  const group: TraceGroup | undefined = groupTrace(steps).filter((g) => g.label === step.step)[occurrence];
  if (group === undefined) return {};
  const last = group.steps[group.steps.length - 1];
  return {
    events: group.steps.map((s) => s.narration),
    ...(last?.snapshot === undefined ? {} : { internals: last.snapshot }),
  };
}

export function matrixJson(report: MatrixReport, timing: { readonly seconds?: number } = {}): unknown {
  return {
    engines: report.engines,
    scenarios: report.scenarios,
    cells: report.cells.map((cell) => ({
      scenario: cell.scenario,
      engine: cell.engine,
      level: cell.level,
      outcome: cell.outcome?.kind ?? 'not-run',
      codes: cell.outcome?.codes ?? [],
      falsePositive: cell.outcome?.falsePositive ?? false,
      otherAnomaly: cell.outcome?.otherAnomaly ?? false,
    })),
    agreement: report.agreement,
    ...secondsJson(timing.seconds),
  };
}

/**
 * `isolation compare --json`: the levels and rules, the counts, and per scenario and level the
 * permutations that differed with their differences.
 */
export function comparisonJson(
  comparison: ScenariosComparison,
  timing: { readonly seconds?: number } = {},
): unknown {
  return {
    levels: comparison.levels,
    whenSessionWaits: comparison.whenSessionWaits,
    permutations: comparison.permutations,
    ...secondsJson(timing.seconds),
    ...comparison.summary,
    scenarios: comparison.scenarios.map((scenario) => ({
      id: scenario.scenario.id,
      levels: scenario.levels,
    })),
  };
}

/** How long it took, to a tenth of a second, when the caller timed it. */
function secondsJson(seconds: number | undefined): { seconds?: number } {
  return seconds === undefined ? {} : { seconds: Number(seconds.toFixed(1)) };
}
