/**
 * Drawing what the multi-session console reports, the way psql prints results: a statement's
 * rows or its command tag (`UPDATE 1`), `ERROR:` with the SQLSTATE (or SQLite's code), and for
 * what happens in another session later (a waiting statement that resumes after a COMMIT, a
 * deadlock's victim) a line naming that session first, so two windows read as one.
 */
import type { Palette } from '@dbplay/core';
import type {
  ConsoleEvent,
  IsolationConsole,
  ScenarioReport,
  StepOutcome,
  TableState,
} from '@dbplay/isolation';

/**
 * The schedule typed so far, judged, as the report `isolation run` makes of one permutation:
 * what `\verdict` prints and `\html` draws.
 */
export async function consoleReport(console: IsolationConsole): Promise<ScenarioReport> {
  const report = await console.verdict();
  const { run } = report;
  return {
    scenario: run.scenario,
    engine: run.engine.name,
    engineDescription: run.engine.description,
    level: run.level,
    levelNote: run.engine.levelNote(run.level),
    beginStatement: run.engine.beginStatement(run.level),
    permutations: [report],
  };
}

/** The lines for `events`, which came from typing into session `typedIn`. */
export function renderConsoleEvents(
  events: readonly ConsoleEvent[],
  typedIn: string,
  palette: Palette,
  renderRows: (rows: NonNullable<StepOutcome['rows']>) => string[],
): string[] {
  const lines: string[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'begin':
        lines.push(palette.dim(`${prefix(event.session, typedIn)}${event.sql.trim().replace(/;$/, '')}`));
        break;
      case 'wait': {
        const whom = event.waitsFor.length === 0 ? 'the write lock' : event.waitsFor.join(', ');
        lines.push(
          palette.warn(`⏸ ${event.session} waits for ${whom} (${event.step}); go on in another session`),
        );
        if (event.note !== null) lines.push(palette.dim(`  ${event.note}`));
        break;
      }
      case 'postpone':
        lines.push(
          palette.warn(
            `⏸ ${event.session} still waits at ${event.behind}; ${event.step} runs when that wait ends`,
          ),
        );
        break;
      case 'result': {
        const body = resultLines(event.outcome, palette, renderRows);
        if (event.after === null && event.session === typedIn) {
          lines.push(...body);
        } else if (event.after === null) {
          const behind = event.outcome.postponedBehind;
          const why = behind === null ? '' : ` ran once ${behind} finished`;
          lines.push(
            palette.heading(`${event.session}: ${event.outcome.step}${why}`),
            ...body.map((line) => `  ${line}`),
          );
        } else {
          const how = event.outcome.error === null ? '▶ resumed' : '✗ failed';
          const paint = event.outcome.error === null ? palette.ok : palette.fail;
          lines.push(
            paint(`${event.session}: ${how} after ${event.after} (its ${event.outcome.step})`),
            ...body.map((line) => `  ${line}`),
          );
        }
        break;
      }
    }
  }
  return lines;
}

function prefix(session: string, typedIn: string): string {
  return session === typedIn ? '' : `${session}: `;
}

/** A statement's rows, command tag or error, psql style. */
export function resultLines(
  outcome: Pick<StepOutcome, 'rows' | 'command' | 'error'>,
  palette: Palette,
  renderRows: (rows: NonNullable<StepOutcome['rows']>) => string[],
): string[] {
  if (outcome.error !== null) {
    const lines = [palette.fail(`ERROR:  ${outcome.error.code}: ${outcome.error.message}`)];
    const detail = outcome.error.detail?.split('\n') ?? [];
    lines.push(...detail.map((line, i) => palette.fail(`${i === 0 ? 'DETAIL:  ' : '         '}${line}`)));
    return lines;
  }
  if (outcome.rows !== null) return renderRows(outcome.rows);
  return outcome.command === null ? [] : [outcome.command];
}

/** The tables after a setup, one line each: `doctors (2 rows)`. */
export function describeSetup(tables: readonly TableState[]): string {
  if (tables.length === 0) return 'setup done';
  const parts = tables.map(
    (table) => `${table.table} (${table.rows.length} row${table.rows.length === 1 ? '' : 's'})`,
  );
  return `setup done: ${parts.join(', ')}`;
}
