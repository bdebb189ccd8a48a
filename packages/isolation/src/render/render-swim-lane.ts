/**
 * A schedule drawn as swim lanes: one column per session, one row per thing that happened.
 *
 * This is how textbooks draw concurrent transactions (time runs down the page, each
 * transaction in its own column), so the interleaving is visible at a glance. Without a run,
 * the rows are the permutation's steps (`dbplay isolation show`); with one, they are the
 * run's events: a step and what it returned, a step that waits and for whom, and later the
 * row where it resumes or fails.
 *
 *     ┌───┬──────────────────────────────────┬──────────────────────────────────┐
 *     │ # │ T1                               │ T2                               │
 *     ├───┼──────────────────────────────────┼──────────────────────────────────┤
 *     │ 4 │                                  │ s2w update test set value = 12   │
 *     │   │                                  │     where id = 1                 │
 *     │   │                                  │ ⏸ waits for T1                   │
 *     ├───┼──────────────────────────────────┼──────────────────────────────────┤
 *     │ 5 │ s1c commit                       │                                  │
 *     │   │ COMMIT                           │                                  │
 *     ├───┼──────────────────────────────────┼──────────────────────────────────┤
 *     │ 6 │                                  │ ▶ s2w resumed after s1c          │
 *     │   │                                  │ UPDATE 1                         │
 *     └───┴──────────────────────────────────┴──────────────────────────────────┘
 */
import { type Palette, plainPalette, renderTable, wrapWords } from '@dbplay/core';
import { type PermutationOutcome, type RunEvent, type StepOutcome, stepsOfEvents } from '../run/outcome.ts';
import { findStep, type Scenario } from '../spec/scenario.ts';
import { renderResultSet } from './render-result.ts';

export interface SwimLaneOptions {
  readonly palette?: Palette;
  /** Wrap SQL and messages at this many columns per lane. Default: about 100 columns in all. */
  readonly laneWidth?: number;
}

/** Lanes that together fill about 100 columns, never narrower than 26. */
function defaultLaneWidth(sessions: number): number {
  return Math.max(26, Math.floor(96 / Math.max(1, sessions)) - 3);
}

/** The steps of a permutation, each in its session's lane (no results: nothing has run). */
export function renderScheduleLanes(
  scenario: Scenario,
  permutation: readonly string[],
  options: SwimLaneOptions = {},
): string {
  const sessions = scenario.sessions.map((s) => s.name);
  const width = options.laneWidth ?? defaultLaneWidth(sessions.length);
  const palette = options.palette ?? plainPalette;
  const rows = permutation.map((name, i) => {
    const step = findStep(scenario, name);
    const cells = sessions.map((session) =>
      step?.session === session ? [palette.code(name), ...wrap(oneLine(step.sql), width)].join('\n') : '',
    );
    return [String(i + 1), ...cells];
  });
  return renderTable(['#', ...sessions], rows, { palette, rowRules: true });
}

/** A run's events in lanes, with results, waits and errors. */
export function renderRunLanes(
  scenario: Scenario,
  outcome: PermutationOutcome,
  options: SwimLaneOptions = {},
): string {
  const sessions = scenario.sessions.map((s) => s.name);
  const width = options.laneWidth ?? defaultLaneWidth(sessions.length);
  const palette = options.palette ?? plainPalette;
  const steps = stepsOfEvents(outcome);
  const rows: string[][] = [];
  for (const [i, event] of outcome.events.entries()) {
    const step = steps[i];
    if (step === undefined) continue;
    const text = eventText(event, step, width, palette);
    rows.push([String(i + 1), ...sessions.map((session) => (session === step.session ? text : ''))]);
  }
  return renderTable(['#', ...sessions], rows, { palette, rowRules: true });
}

function eventText(event: RunEvent, step: StepOutcome, width: number, palette: Palette): string {
  const indent = step.step.length + 1;
  const sqlLines = wrap(oneLine(step.sql), Math.max(12, width - indent));
  const sql = () => [
    `${palette.code(step.step)} ${sqlLines[0] ?? ''}`,
    ...sqlLines.slice(1).map((line) => ' '.repeat(indent) + line),
  ];
  switch (event.kind) {
    case 'step':
      return [...sql(), ...result(step, width, palette)].join('\n');
    case 'wait': {
      const whom = event.waitsFor.length === 0 ? 'the write lock' : event.waitsFor.join(', ');
      return [...sql(), palette.warn(`⏸ waits for ${whom}`)].join('\n');
    }
    case 'finish':
      return step.error === null
        ? [
            palette.ok(`▶ ${step.step} resumed after ${step.finishedAfter ?? '?'}`),
            ...result(step, width, palette),
          ].join('\n')
        : [
            palette.fail(`✗ ${step.step} failed after ${step.finishedAfter ?? '?'}`),
            ...result(step, width, palette),
          ].join('\n');
    case 'postpone':
      return palette.dim(
        wrap(`${step.step} postponed: ${step.session} still waits at ${event.behind}`, width).join('\n'),
      );
    case 'abandon':
      return palette.fail(`✗ ${step.step} never finished (cancelled)`);
  }
}

function result(step: StepOutcome, width: number, palette: Palette): string[] {
  if (step.error !== null) {
    return wrap(`${step.error.code} ${step.error.message}`, width).map((line) => palette.fail(line));
  }
  if (step.rows !== null) return renderResultSet(step.rows).map((line) => palette.dim(line));
  return step.command === null ? [] : [palette.dim(step.command)];
}

/** The SQL on one line, without its final semicolon (a lane is narrow). */
function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;$/, '');
}

/** Greedy word wrap; words longer than the width are cut (one wrap for every renderer, in @dbplay/core). */
export const wrap = wrapWords;
