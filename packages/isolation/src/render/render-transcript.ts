/**
 * A run as a plain-text transcript, in the spirit of PostgreSQL's isolation tester's expected
 * files (src/test/isolation/expected/*.out): one line per thing that happened, results drawn
 * as psql draws them, a waiting step marked `<waiting ...>` and its completion reported later.
 * dbplay's golden files are these transcripts, one per scenario and level, so a change in
 * behaviour shows up as a readable diff. Nothing in them varies between runs: no timings, no
 * process or transaction ids, no server version.
 */
import { describeCell } from '../judge/classify-outcome.ts';
import { formatOrder } from '../judge/serial-orders.ts';
import { type RunEvent, type StepError, type StepOutcome, stepsOfEvents } from '../run/outcome.ts';
import type { PermutationReport, ScenarioReport } from '../run/run-scenario.ts';
import { runnerChoosesLevel, transactionPolicy } from '../spec/transaction-control.ts';
import { renderResultSet } from './render-result.ts';

export function renderTranscript(report: ScenarioReport): string {
  const { scenario } = report;
  const lines: string[] = [];
  const title = scenario.metadata.title === null ? '' : `: ${scenario.metadata.title}`;
  lines.push(`scenario ${scenario.id}${title}`);
  if (scenario.metadata.anomaly !== null) lines.push(`anomaly: ${scenario.metadata.anomaly}`);
  lines.push(engineLine(report));
  if (report.levelNote !== null) lines.push(`note: ${report.levelNote}`);
  for (const permutation of report.permutations) {
    lines.push('', ...renderPermutation(permutation));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `engine: postgres at serializable; dbplay begins sessions with BEGIN ISOLATION LEVEL
 * SERIALIZABLE`, or, when some session begins its own transaction, what each really does
 * (the run's level is left out when no session uses it).
 */
export function engineLine(report: ScenarioReport): string {
  const { sessions } = report.scenario;
  if (sessions.every((session) => transactionPolicy(session) === 'runner-begins')) {
    return `engine: ${report.engine} at ${report.level}; dbplay begins sessions with ${report.beginStatement}`;
  }
  const level = runnerChoosesLevel(sessions) ? ` at ${report.level}` : '';
  return `engine: ${report.engine}${level}; sessions begin with ${report.beginStatement}`;
}

export function renderPermutation(report: PermutationReport): string[] {
  const { outcome, verdict, cell } = report;
  const lines = [`starting permutation ${report.number}: ${outcome.permutation.join(' ')}`];
  for (const setupError of outcome.setupErrors) {
    lines.push(`session ${setupError.session} setup failed:`, ...errorLines(setupError.error));
  }
  const steps = stepsOfEvents(outcome);
  for (const [i, event] of outcome.events.entries()) {
    const step = steps[i];
    if (step === undefined) continue;
    lines.push(...renderEvent(event, step));
  }
  lines.push('');
  lines.push(`sessions: ${outcome.sessions.map((s) => `${s.session} ${s.status}`).join(', ')}`);
  lines.push('final state:');
  for (const table of outcome.final) {
    lines.push(`${table.table}:`, ...renderResultSet(table).map((line) => `  ${line}`));
  }
  const order =
    verdict.serialOrder !== null && verdict.committed.length > 1
      ? `; equals ${formatOrder(verdict.serialOrder)}`
      : '';
  lines.push(`verdict: ${describeCell(cell, verdict.anomaly?.name ?? null)}${order}`);
  for (const sentence of verdict.explanation) lines.push(`  ${sentence}`);
  return lines;
}

function renderEvent(event: RunEvent, step: StepOutcome): string[] {
  const sql = indentSql(step.sql);
  switch (event.kind) {
    case 'step':
      return [`step ${step.step} (${step.session}): ${sql}`, ...resultLines(step)];
    case 'wait': {
      const whom = event.waitsFor.length === 0 ? '' : ` for ${event.waitsFor.join(', ')}`;
      const lines = [`step ${step.step} (${step.session}): ${sql} <waiting${whom} ...>`];
      if (step.note !== null) lines.push(`  (${step.note})`);
      return lines;
    }
    case 'finish':
      return [`step ${step.step}: <... completed after ${step.finishedAfter ?? '?'}>`, ...resultLines(step)];
    case 'postpone':
      return [
        `step ${step.step} (${step.session}): postponed: ${step.session} still waits at ${event.behind}`,
      ];
    case 'abandon':
      return [`step ${step.step}: <... still waiting when nothing else could run; cancelled>`];
  }
}

function resultLines(step: StepOutcome): string[] {
  if (step.error !== null) return errorLines(step.error);
  if (step.rows !== null) return renderResultSet(step.rows);
  return step.command === null ? [] : [step.command];
}

function errorLines(error: StepError): string[] {
  const lines = [`ERROR ${error.code}:  ${error.message}`];
  if (error.detail !== null) lines.push(...error.detail.split('\n').map((line) => `DETAIL:  ${line}`));
  return lines;
}

function indentSql(sql: string): string {
  return sql
    .split('\n')
    .map((line, i) => (i === 0 ? line.trim() : `    ${line.trim()}`))
    .join('\n');
}
