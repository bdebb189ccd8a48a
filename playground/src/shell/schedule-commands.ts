/**
 * The backslash commands that look at the schedule typed so far, the views `dbplay isolation
 * run` shows of a spec's permutation: the swim lanes (`\history`), the verdict with its serial
 * replays and dependency graph (`\verdict`), the model engine's tuple versions, snapshots and
 * locks (`\internals`), the same schedule on another engine or level side by side
 * (`\replay`), and the schedule written out as an isolation-tester spec (`\save`), which
 * `dbplay isolation run FILE.spec` replays.
 *
 * Nothing here judges or draws by itself: the console (@dbplay/isolation's IsolationConsole)
 * replays and judges, and the isolation library's renderers draw, as they do for a spec.
 */
import { BadInputError, padVisible, visibleWidth } from '@dbplay/core';
import type { ConsoleRun, PermutationOutcome } from '@dbplay/isolation';
import { parseEngineName } from '@dbplay/isolation/vocabulary';
import { permutationLines } from '../commands/isolation/run.ts';
import type { CommandContext } from '../context.ts';
import type { MetaCommand } from './meta-commands.ts';
import { consoleReport } from './render-console.ts';
import type { Shell } from './shell.ts';

export const internalsCommand: MetaCommand = {
  usage: '\\internals',
  summary: "the model's state now: tuple versions, snapshots, locks, waits, SIREAD locks, conflicts",
  async run(shell) {
    const console = await shell.console();
    if (console.engine !== 'model') {
      throw new BadInputError(
        `\\internals draws the model engine's state; ${console.engine} does not expose it`,
        {
          hint: '\\replay --engine model shows the same schedule on the model',
        },
      );
    }
    const internals = console.internals();
    if (internals === null) throw new BadInputError('\\internals: nothing has been typed yet');
    const isolation = await shell.library();
    shell.print(isolation.renderInternals(internals, { palette: shell.palette }));
  },
};

export const historyCommand: MetaCommand = {
  usage: '\\history',
  summary: 'the schedule so far as swim lanes, one per session',
  async run(shell) {
    const console = await shell.console();
    const run = console.lastRun;
    if (run === null) throw new BadInputError('\\history: nothing has been typed yet');
    shell.print(await lanes(shell, run));
  },
};

export const verdictCommand: MetaCommand = {
  usage: '\\verdict',
  summary: 'judge the schedule so far: serial replays and dependency graph, as isolation run does',
  async run(shell) {
    const console = await shell.console();
    const scenarioReport = await consoleReport(console);
    const isolation = await shell.library();
    const [report] = scenarioReport.permutations;
    if (report === undefined) throw new Error('a console report has one permutation');
    const context = { palette: shell.palette } as CommandContext;
    shell.print(
      [
        shell.palette.dim(`${scenarioReport.engineDescription} · ${scenarioReport.level}`),
        ...permutationLines(scenarioReport, report, context, isolation).slice(2),
      ].join('\n'),
    );
  },
};

export const saveCommand: MetaCommand = {
  usage: '\\save FILE.spec',
  summary: 'write what was typed as an isolation-tester spec (dbplay isolation run FILE.spec replays it)',
  async run(shell, argument) {
    if (!argument.endsWith('.spec')) throw new BadInputError('\\save writes a spec file: \\save NAME.spec');
    const console = await shell.console();
    if (console.typed === 0) throw new BadInputError('\\save: nothing has been typed yet');
    const title = argument.replace(/^.*[\\/]/, '').replace(/\.spec$/, '');
    await shell.save(argument, console.spec({ title, engine: console.engine, level: console.level }));
    shell.print(
      `saved ${argument}; replay it with: dbplay isolation run ${argument} --engine ${console.engine} --level ${console.level}`,
    );
  },
};

export const replayCommand: MetaCommand = {
  usage: '\\replay [--engine E] [--level L]',
  summary: 'rerun the schedule on another engine or level, side by side with this one',
  async run(shell, argument) {
    const console = await shell.console();
    const flags = replayFlags(argument);
    const isolation = await shell.library();
    const engine = parseEngineName(flags.engine ?? console.engine);
    const level = flags.level ?? (engine === console.engine ? console.level : isolation.defaultLevel(engine));
    const here = console.lastRun;
    if (here === null) throw new BadInputError('\\replay: nothing has been typed yet');
    const there = await console.replay(engine, level);
    // Two tables side by side in about 120 columns.
    const width = Math.max(14, Math.floor(56 / Math.max(1, here.scenario.sessions.length)) - 3);
    const left = [
      `${here.engine.name} · ${here.level}`,
      await lanes(shell, here, width),
      ...finalLines(here.outcome),
    ];
    const right = [
      `${there.engine.name} · ${there.level}`,
      await lanes(shell, there, width),
      ...finalLines(there.outcome),
    ];
    shell.print(sideBySide(left.join('\n'), right.join('\n')));
  },
};

function replayFlags(argument: string): { engine?: string; level?: string } {
  const words = argument.split(/\s+/).filter((word) => word !== '');
  const flags: { engine?: string; level?: string } = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const [flag, inline] = word.split('=', 2) as [string, string | undefined];
    if (flag !== '--engine' && flag !== '--level') {
      throw new BadInputError(`\\replay takes --engine E and --level L, not '${word}'`);
    }
    const value = inline ?? words[++i];
    if (value === undefined) throw new BadInputError(`\\replay ${flag} needs a value`);
    flags[flag === '--engine' ? 'engine' : 'level'] = value;
  }
  return flags;
}

/** The run's swim lanes; a statement still waiting shows as waiting (the console has not cancelled it). */
async function lanes(shell: Shell, run: ConsoleRun, laneWidth?: number): Promise<string> {
  const isolation = await shell.library();
  const outcome: PermutationOutcome = {
    ...run.outcome,
    events: run.outcome.events.filter((event) => event.kind !== 'abandon'),
  };
  return isolation.renderRunLanes(run.scenario, outcome, {
    palette: shell.palette,
    ...(laneWidth === undefined ? {} : { laneWidth }),
  });
}

function finalLines(outcome: PermutationOutcome): string[] {
  const sessions = outcome.sessions.map((session) => `${session.session} ${session.status}`).join(', ');
  const tables = outcome.final.map(
    (table) => `${table.table}: ${table.rows.map((row) => `(${row.map(String).join(', ')})`).join(' ')}`,
  );
  return [`sessions: ${sessions}`, ...tables];
}

function sideBySide(left: string, right: string): string {
  const a = left.split('\n');
  const b = right.split('\n');
  const width = Math.max(0, ...a.map(visibleWidth));
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    lines.push(`${padVisible(a[i] ?? '', width)}   ${b[i] ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}
