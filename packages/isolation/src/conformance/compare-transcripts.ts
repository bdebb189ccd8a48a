/**
 * Does a run reproduce what PostgreSQL's isolation tester printed?
 *
 * A run of dbplay's scheduler (run-permutation.ts) is turned into the tester's vocabulary —
 * per step issued: whether it waited, after which step it completed, its errors, its result
 * sets (expected-output.ts) — and compared with the expected output, step by step. Steps are
 * matched by name and occurrence (the third `s1c` with the third `s1c`), not by position,
 * so that one difference is reported once instead of shifting everything after it.
 *
 * What is compared, and what is not:
 * - waiting, and the step after which a waiting step completed: compared, except for a step
 *   the permutation gives a marker (`s1a(s2b)`, `s1a(*)`). A marker changes when the tester
 *   *reports* a step, not what the server does (src/test/isolation/README, "Permutation step
 *   markers"); dbplay reports steps when it observes them;
 * - errors: the primary message of each, as the tester prints it (`ERROR:  deadlock detected`);
 * - result sets: cells compared as text, as psql prints them (`t` for true, nothing for null),
 *   in order: the expected output is one run of the same server, and row order is part of it.
 *   dbplay keeps the last result set of a step, so a step that prints several has only its
 *   last one compared (`partial` counts such steps);
 * - notices and NOTIFY lines, and the result sets of session setup blocks: not compared.
 */

import { formatValue } from '../render/render-result.ts';
import type { PermutationOutcome, ResultSet, StepOutcome } from '../run/outcome.ts';
import type { PrintedTable, StepReport } from './expected-output.ts';

export interface TranscriptDifference {
  /** `s2a` or `s2a (2nd)`. */
  readonly step: string;
  readonly expected: string;
  readonly actual: string;
}

export interface TranscriptComparison {
  readonly differences: readonly TranscriptDifference[];
  /** Steps that printed several result sets, of which only the last was compared. */
  readonly partial: number;
}

/** The tester's view of a dbplay run: one report per step, in the order steps were issued. */
export function reportsOfOutcome(outcome: PermutationOutcome): StepReport[] {
  return outcome.steps.map((step) => ({
    step: step.step,
    waited: waited(step),
    completedAfter: step.status === 'waiting' ? null : step.finishedAfter,
    errors: step.error === null ? [] : [step.error.message],
    tables: step.rows === null ? [] : [printed(step.rows)],
  }));
}

function waited(step: StepOutcome): boolean {
  return step.status === 'waiting' || step.finishedAfter !== null;
}

function printed(rows: ResultSet): PrintedTable {
  return {
    columns: rows.columns,
    rows: rows.rows.map((row) => row.map((value) => formatValue(value).trim())),
  };
}

/**
 * Compares a run's reports with the expected ones. `marked` names the steps whose timing the
 * permutation fixes with a marker (compared for errors and rows only).
 */
export function compareTranscripts(
  expected: readonly StepReport[],
  actual: readonly StepReport[],
  marked: ReadonlySet<string> = new Set(),
): TranscriptComparison {
  const differences: TranscriptDifference[] = [];
  let partial = 0;
  const names = [...new Set([...expected, ...actual].map((report) => report.step))];
  for (const name of names) {
    const theirs = expected.filter((report) => report.step === name);
    const ours = actual.filter((report) => report.step === name);
    for (let i = 0; i < Math.max(theirs.length, ours.length); i++) {
      const e = theirs[i];
      const a = ours[i];
      const step = i === 0 ? name : `${name} (${ordinal(i + 1)})`;
      const add = (expectedText: string, actualText: string) =>
        differences.push({ step, expected: expectedText, actual: actualText });
      if (e === undefined || a === undefined) {
        add(e === undefined ? 'not run' : 'run', a === undefined ? 'not run' : 'run');
        continue;
      }
      if (!marked.has(name)) {
        if (e.waited !== a.waited) {
          add(e.waited ? 'waited' : 'did not wait', a.waited ? 'waited' : 'did not wait');
        } else if (e.waited && e.completedAfter !== a.completedAfter) {
          add(completion(e.completedAfter), completion(a.completedAfter));
        }
      }
      if (e.errors.join('\n') !== a.errors.join('\n')) {
        add(errorsText(e.errors), errorsText(a.errors));
      }
      if (e.tables.length > 1) partial++;
      const expectedTable = e.tables[e.tables.length - 1] ?? null;
      const actualTable = a.tables[a.tables.length - 1] ?? null;
      if (!sameTable(expectedTable, actualTable)) add(tableText(expectedTable), tableText(actualTable));
    }
  }
  return { differences, partial };
}

function sameTable(a: PrintedTable | null, b: PrintedTable | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.columns.join('|') === b.columns.join('|') &&
    a.rows.length === b.rows.length &&
    a.rows.every((row, i) => row.join('|') === (b.rows[i] ?? []).join('|'))
  );
}

function completion(after: string | null): string {
  return after === null ? 'never completed' : `completed after ${after}`;
}

function errorsText(errors: readonly string[]): string {
  return errors.length === 0 ? 'no error' : errors.map((message) => `ERROR: ${message}`).join('; ');
}

/** A result set on one line: `(a, b) 1 x; 2 y` — short enough for a table cell. */
function tableText(table: PrintedTable | null): string {
  if (table === null) return 'no rows printed';
  const rows = table.rows.map((row) => row.join(' ')).join('; ');
  return `(${table.columns.join(', ')}) ${table.rows.length === 0 ? '0 rows' : rows}`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
