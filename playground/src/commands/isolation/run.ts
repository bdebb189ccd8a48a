/**
 * `dbplay isolation run <scenario>`: run a scenario on an engine at one level, and judge it.
 *
 * One permutation is drawn as swim lanes with every result, wait and error, followed by the
 * final state and the verdict; several (`--all-permutations`) as one summary line each.
 * `--transcript` prints the plain transcript the golden tests keep; `--json` the data.
 * On the model engine, `--step` walks through the run one scenario step at a time with the
 * internals drawn (tuple versions, snapshots, locks, conflicts), `--trace` prints every
 * internal step, and `--json` adds both, and the dependency graph.
 */
import { BadInputError, renderProgressBar, renderTable, type Step } from '@dbplay/core';
import type { PermutationChoice, PermutationReport, ScenarioReport } from '@dbplay/isolation';
import { defaultLevel, levelsOf, parseEngineNames, parseLevel } from '@dbplay/isolation/vocabulary';
import { type Command, Option } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { htmlOptionHelp, parseHtmlFile, writeHtmlPage } from '../../html-output.ts';
import { isolationRunPage } from '../../html-pages.ts';
import type { CliIo } from '../../io.ts';
import { seed, serverUrl, wholeNumber } from '../../options.ts';
import { playSteps } from '../../step-player.ts';
import { type IsolationLibrary, loadIsolation } from './isolation-library.ts';
import { scenarioArgument } from './scenario-argument.ts';

interface RunFlags {
  engine: string;
  level?: string;
  permutation?: string;
  allPermutations?: boolean;
  sample?: string;
  seed: number | string;
  url?: string;
  transcript?: boolean;
  step?: boolean;
  trace?: boolean;
  html?: string;
}

export function registerIsolationRun(isolation: Command, io: CliIo): void {
  isolation
    .command('run')
    .argument('<scenario>', 'a catalog id (see dbplay isolation list) or a path to a .spec file')
    .description(
      'run a scenario on PostgreSQL, SQLite or the model engine at one isolation level, and explain the outcome',
    )
    .option('--engine <engine>', 'postgres, sqlite or model', 'postgres')
    .option(
      '--level <level>',
      'postgres: read-uncommitted, read-committed (default), repeatable-read, serializable; sqlite: deferred (default), immediate; model: the postgres levels and serializable-2pl',
    )
    .option(
      '--permutation <k>',
      'run only the k-th listed permutation (from 1); with --all-permutations, the k-th of every interleaving',
    )
    .option('--all-permutations', 'run every interleaving of the sessions’ steps, not only the listed ones')
    .addOption(
      new Option('--sample <n>', 'run n interleavings drawn at random (with --seed)').conflicts([
        'permutation',
        'allPermutations',
      ]),
    )
    .option('--seed <seed>', 'the seed for --sample (digits are the number)', seed, 1)
    .option('--url <url>', 'a PostgreSQL server to use instead of the embedded one (default: $DATABASE_URL)')
    .option('--transcript', 'print the plain transcript (the golden-file format) instead of swim lanes')
    .option('--step', 'model engine: show each step with its internals, and wait for Enter before the next')
    .option('--trace', 'model engine: print every internal step (snapshots, versions, locks, conflicts)')
    .option('--html <file>', `${htmlOptionHelp} (one permutation; the model's internals too)`, parseHtmlFile)
    .addHelpText(
      'after',
      `
Each permutation runs in its own throwaway database (PostgreSQL) or file (SQLite), with one
connection per session; a step that waits for a lock is shown waiting and the others go on.
The verdict replays every serial order of the committed transactions on the same engine.

Examples:
  $ dbplay isolation run write-skew --level repeatable-read
  $ dbplay isolation run write-skew --level serializable
  $ dbplay isolation run lost-update --engine sqlite --level immediate
  $ dbplay isolation run g2-item --all-permutations --level serializable
  $ dbplay isolation run ./my-scenario.spec --url postgres://me@localhost/postgres --json
  $ dbplay isolation run write-skew --engine model --level serializable --step
  $ dbplay isolation run lost-update --engine model --level read-committed --trace
  $ dbplay isolation run write-skew --engine model --level serializable-2pl
  $ dbplay isolation run write-skew --engine model --level repeatable-read --html skew.html`,
    )
    .action(async (id: string, flags: RunFlags, command: Command) => {
      const context = contextFor(command, io);
      const [engineName, ...more] = parseEngineNames(flags.engine);
      if (engineName === undefined || more.length > 0) {
        throw new BadInputError('run takes one engine: --engine postgres, --engine sqlite or --engine model');
      }
      const level =
        flags.level === undefined ? defaultLevel(engineName) : parseLevel(engineName, flags.level);
      const choice = permutationChoice(flags);
      const stepping = flags.step === true || flags.trace === true;
      if (stepping && engineName !== 'model') {
        throw new BadInputError(
          `--${flags.step === true ? 'step' : 'trace'} shows the model engine's internals; a real engine does not expose them`,
          { hint: `run it with --engine model (add --level ${level})` },
        );
      }
      if (flags.step === true && context.json) {
        throw new BadInputError('--step waits for Enter between steps; it cannot be combined with --json', {
          hint: 'use --json alone: on the model engine it includes every step’s internals',
        });
      }
      const { choosePermutations, findScenario, runScenario, withEngines } = await import(
        '@dbplay/isolation'
      );
      const scenario = await findScenario(scenarioArgument(id, io.env));
      // Refuse a bad --permutation before starting a server.
      const total = choosePermutations(scenario, choice).length;
      if ((stepping || flags.html !== undefined) && total > 1) {
        const flag = flags.html !== undefined ? 'html' : flags.step === true ? 'step' : 'trace';
        throw new BadInputError(`--${flag} follows one permutation, and this choice has ${total}`, {
          hint: 'pick one with --permutation K',
        });
      }
      const report = await withEngines(
        [engineName],
        { url: serverUrl(flags.url, io.env) },
        async ([engine]) => {
          if (engine === undefined) throw new Error('no engine started');
          return runScenario({
            engine,
            scenario,
            level,
            choice,
            // Internals are drawn for one permutation; for many, --json keeps to the dependency graphs.
            trace:
              engineName === 'model' &&
              (stepping || flags.html !== undefined || (context.json && total === 1)),
            onProgress: (done) => {
              if (total > 1) context.progress(renderProgressBar(done, total, 'permutations'));
            },
          });
        },
      );
      if (stepping && !context.json)
        await playModelSteps(report, context, flags.step === true ? 'step' : 'trace');
      await print(report, context, {
        transcript: flags.transcript === true,
        levels: levelsOf(engineName),
        drillDown: drillDownCommand(id, engineName, report.level, choice),
      });
      if (flags.html !== undefined) await writeHtmlPage(context, flags.html, await isolationRunPage(report));
    });
}

/**
 * --step: one scenario step at a time, what the model did and its internals afterwards;
 * --trace: every internal step, one line each.
 */
async function playModelSteps(
  report: ScenarioReport,
  context: CommandContext,
  mode: 'step' | 'trace',
): Promise<void> {
  const isolation = await loadIsolation();
  const steps = isolation.modelDetails(report.permutations[0]?.outcome)?.steps ?? [];
  const { palette } = context;
  context.print(palette.heading(`${report.scenario.id} on ${report.engineDescription} at ${report.level}`));
  if (mode === 'trace') {
    await playSteps(steps, context, { mode: 'trace' });
    context.print('');
    return;
  }
  const groups = isolation.groupTrace(steps);
  const grouped: Step<'step', (typeof groups)[number]>[] = groups.map((group) => ({
    kind: 'step',
    touched: group.session === null ? [] : [group.session],
    narration: group.heading,
    snapshot: group,
  }));
  await playSteps(grouped, context, {
    mode: 'step',
    draw: (step) =>
      step.snapshot === undefined
        ? ''
        : isolation.renderTraceGroup(step.snapshot, { palette }).slice(1).join('\n'),
  });
}

function permutationChoice(flags: RunFlags): PermutationChoice {
  if (flags.permutation !== undefined) {
    const number = wholeNumber('--permutation', { min: 1 })(flags.permutation);
    // The numbers --all-permutations and --sample print count every interleaving.
    return { kind: 'one', number, among: flags.allPermutations === true ? 'all' : 'listed' };
  }
  if (flags.allPermutations === true) return { kind: 'all' };
  if (flags.sample !== undefined) {
    return { kind: 'sample', count: wholeNumber('--sample', { min: 1 })(flags.sample), seed: flags.seed };
  }
  return { kind: 'listed' };
}

/**
 * The command that shows one of several permutations: the scenario as the user typed it (a
 * path stays a path), the same engine and level, and `--all-permutations` when the numbers
 * shown count every interleaving rather than the listed permutations.
 */
function drillDownCommand(typed: string, engine: string, level: string, choice: PermutationChoice): string {
  const amongAll = choice.kind === 'all' || choice.kind === 'sample';
  const quoted = /^[\w./@:+-]+$/.test(typed) ? typed : `'${typed.replace(/'/g, `'\\''`)}'`;
  return [
    'dbplay isolation run',
    quoted,
    ...(engine === 'postgres' ? [] : ['--engine', engine]),
    '--level',
    level,
    ...(amongAll ? ['--all-permutations'] : []),
    '--permutation K',
  ].join(' ');
}

async function print(
  report: ScenarioReport,
  context: CommandContext,
  { transcript, levels, drillDown }: { transcript: boolean; levels: readonly string[]; drillDown: string },
): Promise<void> {
  const isolation = await loadIsolation();
  if (context.json) {
    context.printJson(isolation.scenarioReportJson(report));
    return;
  }
  if (transcript) {
    context.print(isolation.renderTranscript(report).trimEnd());
    return;
  }
  const { palette } = context;
  const { scenario } = report;
  const anomaly =
    scenario.metadata.anomaly === null ? undefined : isolation.anomalyNamed(scenario.metadata.anomaly);
  const lines = [
    palette.heading(
      `${scenario.id}${scenario.metadata.title === null ? '' : ` · ${scenario.metadata.title}`}`,
    ),
  ];
  if (anomaly !== undefined) lines.push(`anomaly ${palette.code(anomaly.name)}: ${anomaly.definition}`);
  lines.push(
    palette.dim(
      `${report.engineDescription} · ${report.level} · each session begins with ${report.beginStatement}`,
    ),
  );
  if (report.levelNote !== null) lines.push(palette.dim(report.levelNote));
  const only = report.permutations.length === 1 ? report.permutations[0] : undefined;
  if (only !== undefined) {
    lines.push('', ...permutationLines(report, only, context, isolation));
  } else {
    lines.push('', summaryTable(report, context, isolation));
    lines.push(palette.dim(`${drillDown} draws one`));
  }
  const others = levels.filter((level) => level !== report.level);
  lines.push(palette.dim(`other levels: ${others.join(', ')}`));
  context.print(lines.join('\n'));
}

export function permutationLines(
  report: ScenarioReport,
  permutation: PermutationReport,
  { palette }: CommandContext,
  isolation: IsolationLibrary,
): string[] {
  const { outcome, verdict, cell } = permutation;
  const lines = [
    palette.heading(`permutation ${permutation.number}: ${outcome.permutation.join(' ')}`),
    isolation.renderRunLanes(report.scenario, outcome, { palette }),
  ];
  for (const { session, error } of outcome.setupErrors) {
    lines.push(palette.fail(`session ${session}'s setup failed: ${error.code} ${error.message}`));
  }
  lines.push(palette.heading('final state'));
  for (const table of outcome.final) {
    lines.push(
      renderTable(
        table.columns.map((column, i) => ({
          header: column,
          align:
            table.rows.length > 0 && table.rows.every((row) => typeof row[i] === 'number') ? 'right' : 'left',
        })),
        table.rows.map((row) => row.map(isolation.formatValue)),
        { palette, title: table.table },
      ),
    );
  }
  const label = isolation.describeCell(cell, verdict.anomaly?.name ?? null);
  const paint = cell.kind === 'anomaly' || cell.otherAnomaly ? palette.fail : palette.ok;
  lines.push(`${palette.heading('verdict:')} ${paint(label)}`);
  for (const sentence of verdict.explanation)
    lines.push(...isolation.wrap(sentence, 100).map((line, i) => (i === 0 ? `  • ${line}` : `    ${line}`)));
  return lines;
}

function summaryTable(
  report: ScenarioReport,
  { palette }: CommandContext,
  isolation: IsolationLibrary,
): string {
  const rows = report.permutations.map((p) => [
    String(p.number),
    p.outcome.permutation.join(' '),
    p.verdict.committed.join(', ') || '—',
    isolation.describeCell(p.cell, p.verdict.anomaly?.name ?? null),
  ]);
  const counts = new Map<string, number>();
  for (const p of report.permutations) {
    const label = isolation.describeCell(p.cell, p.verdict.anomaly?.name ?? null);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const footer = [...counts].map(([label, n]) => `${n} ${label}`).join(' · ');
  return renderTable([{ header: '#', align: 'right' }, 'permutation', 'committed', 'outcome'], rows, {
    palette,
    footer: `${report.permutations.length} permutations: ${footer}`,
  });
}
