/**
 * Reading what PostgreSQL's isolation tester printed: an expected-output file
 * (`src/test/isolation/expected/NAME.out`) turned back into data.
 *
 * The tester (src/test/isolation/isolationtester.c) writes, for each permutation:
 *
 *     starting permutation: s1a s2a s1c s2c
 *     step s1a: SELECT * FROM foo FOR UPDATE;        ← issued, finished at once
 *     id|data                                        ← its result set (PQprint, `|` between columns)
 *     --+----
 *      1|x
 *     (1 row)
 *
 *     step s2a: SELECT * FROM foo FOR UPDATE; <waiting ...>   ← issued, blocked
 *     step s1c: COMMIT;
 *     step s2a: <... completed>                      ← finished in the wake of s1c
 *     ERROR:  could not serialize access due to concurrent update
 *     s1: NOTICE:  …                                 ← a notice, prefixed with the session
 *
 * A step's SQL is printed as written, newlines included (the tester's scanner trims only spaces
 * and tabs around a block, specscanner.l), so a step line can run over several lines of the
 * file; the parser knows where it ends because it knows the step's SQL from the spec. What a step reports is what conformance compares (compare-transcripts.ts): whether it
 * waited, after which step it completed, its errors and its result sets. Result sets printed
 * by the session setup blocks, before the first step, are kept apart: they are not a step's.
 *
 * A file may have alternatives (`NAME_1.out`, `NAME_2.out`, as PostgreSQL's pg_regress
 * accepts); the caller reads each one.
 */
import { BadInputError } from '@dbplay/core';

/** A result set as the tester printed it: column names and cells, each trimmed of its padding. */
export interface PrintedTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** What one step of a permutation reported, in the order the steps were issued. */
export interface StepReport {
  readonly step: string;
  /** Whether it was reported as waiting (`<waiting ...>`). */
  readonly waited: boolean;
  /** For a step that waited: the last step issued before it completed; null if it never completed. */
  readonly completedAfter: string | null;
  /** `ERROR:  message` lines, message only, in order. */
  readonly errors: readonly string[];
  readonly tables: readonly PrintedTable[];
}

export interface ExpectedPermutation {
  /** The step names of the `starting permutation:` line. */
  readonly steps: readonly string[];
  /** The line of the file it starts on. */
  readonly line: number;
  readonly reports: readonly StepReport[];
}

/** What the parser needs to know of the spec. */
export interface SpecShape {
  /** Each step's SQL, to tell where a multi-line step line ends. */
  readonly stepSql: ReadonlyMap<string, string>;
  /**
   * How many result sets the session teardown blocks print after the last step (one per
   * teardown whose last statement returns rows: the tester runs each with PQexec, which keeps
   * the last result). They are the teardown's, not the last step's.
   */
  readonly teardownTables: number;
}

/** Parses an expected-output file; a step the spec does not have is bad input, with its line. */
export function parseExpectedOutput(text: string, spec: SpecShape, file = '<inline>'): ExpectedPermutation[] {
  const { stepSql } = spec;
  const lines = text.split('\n');
  const permutations: ExpectedPermutation[] = [];
  let current: { steps: string[]; line: number; reports: MutableReport[] } | null = null;
  /** The report that result sets and errors belong to now (null: a setup block's output). */
  let owner: MutableReport | null = null;
  let lastIssued: string | null = null;
  const fail = (message: string, line: number) => new BadInputError(message, { location: { file, line } });

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const lineNumber = i + 1;
    if (line.startsWith('starting permutation:')) {
      dropTeardownTables(owner, spec.teardownTables);
      const steps = line.slice('starting permutation:'.length).trim().split(/\s+/).filter(Boolean);
      current = { steps, line: lineNumber, reports: [] };
      permutations.push(current);
      owner = null;
      lastIssued = null;
      i++;
      continue;
    }
    if (current === null || line === '' || line.startsWith('Parsed test spec with')) {
      i++;
      continue;
    }
    const stepLine = /^step ([^:]+): (.*)$/.exec(line);
    if (stepLine !== null) {
      const name = stepLine[1] ?? '';
      const rest = stepLine[2] ?? '';
      if (rest === '<... completed>') {
        const report = [...current.reports].reverse().find((r) => r.step === name && r.waited);
        if (report === undefined) throw fail(`step ${name} completes, but it never waited`, lineNumber);
        report.completedAfter = lastIssued;
        owner = report;
        i++;
        continue;
      }
      const sql = stepSql.get(name);
      if (sql === undefined) throw fail(`step ${name} is not a step of the spec`, lineNumber);
      const end = endOfStepLine(lines, i, rest, sql);
      if (end === null) throw fail(`step ${name}'s SQL does not match the spec's`, lineNumber);
      const waited = end.waited;
      const report: MutableReport = { step: name, waited, completedAfter: null, errors: [], tables: [] };
      current.reports.push(report);
      owner = report;
      lastIssued = name;
      i = end.next;
      continue;
    }
    const error = /^(ERROR|FATAL|PANIC): {2}(.*)$/.exec(line);
    if (error !== null) {
      owner?.errors.push(error[2] ?? '');
      i++;
      continue;
    }
    if (/^[^\s:|]+: (NOTICE|WARNING|INFO|LOG|DEBUG\d?|NOTIFY)\b/.test(line)) {
      i++;
      continue;
    }
    // A result set: header, a rule of dashes and pluses, rows, then "(N rows)".
    const rule = lines[i + 1] ?? '';
    if (/^-+(\+-+)*$/.test(rule)) {
      const widths = rule.split('+').map((dashes) => dashes.length);
      const columns = splitCells(line, widths);
      const rows: string[][] = [];
      let j = i + 2;
      while (j < lines.length && !/^\(\d+ rows?\)$/.test(lines[j] ?? '')) {
        rows.push(splitCells(lines[j] ?? '', widths));
        j++;
      }
      if (j >= lines.length) throw fail('a result set without its "(N rows)" line', lineNumber);
      owner?.tables.push({ columns, rows });
      i = j + 1;
      continue;
    }
    // Anything else the tester prints (a cancelled step, an unexpected status) is kept as an error line.
    owner?.errors.push(line);
    i++;
  }
  dropTeardownTables(owner, spec.teardownTables);
  return permutations;
}

/** The teardown's result sets come last, after the last output of the last step to finish. */
function dropTeardownTables(owner: MutableReport | null, count: number): void {
  if (owner !== null && count > 0) owner.tables.splice(Math.max(0, owner.tables.length - count));
}

/**
 * Where the step line that starts at `lines[start]` (its text after `step NAME: ` is `first`)
 * ends: the line after the SQL, and whether `<waiting ...>` followed it. The SQL is matched with
 * whitespace ignored, because dbplay's spec reader trims newlines the tester keeps.
 */
function endOfStepLine(
  lines: readonly string[],
  start: number,
  first: string,
  sql: string,
): { next: number; waited: boolean } | null {
  const waiting = ' <waiting ...>';
  const target = sql.replace(/\s+/g, '');
  let text = first;
  for (let j = start; j < lines.length; j++) {
    if (j > start) text += `\n${lines[j] ?? ''}`;
    const waited = text.endsWith(waiting);
    const printed = (waited ? text.slice(0, -waiting.length) : text).replace(/\s+/g, '');
    if (printed === target) {
      // SQL that ends with a newline puts the marker on a line of its own.
      if (!waited && lines[j + 1] === waiting) return { next: j + 2, waited: true };
      return { next: j + 1, waited };
    }
    if (printed.length > target.length) return null;
  }
  return null;
}

interface MutableReport {
  step: string;
  waited: boolean;
  completedAfter: string | null;
  errors: string[];
  tables: PrintedTable[];
}

/**
 * PQprint pads every cell to its column's width and puts `|` between columns; cutting at the
 * widths, not at every `|`, keeps a `|` inside a value. Cells are compared trimmed.
 */
function splitCells(line: string, widths: readonly number[]): string[] {
  const cells: string[] = [];
  let start = 0;
  for (const width of widths) {
    cells.push(line.slice(start, start + width).trim());
    start += width + 1;
  }
  return cells;
}
