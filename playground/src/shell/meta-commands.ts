/**
 * The shell's backslash commands, psql's way of talking to the client rather than the server.
 *
 * psql's own (`\q`, `\?`, `\set ON_ERROR_STOP`, `\timing`, `\x`) keep psql's meaning; the
 * others drive the multi-session console (@dbplay/isolation's IsolationConsole): which engine
 * and level, which session, the setup, a catalog scenario to step through, and the views of
 * the schedule typed so far that `dbplay isolation run` shows of a spec (swim lanes, verdict,
 * the model's internals).
 */
import { readFile, stat } from 'node:fs/promises';
import { BadInputError, padVisible, visibleWidth } from '@dbplay/core';
import type { ConsoleRun, PermutationOutcome } from '@dbplay/isolation';
import { parseEngineName } from '@dbplay/isolation/vocabulary';
import { permutationLines } from '../commands/isolation/run.ts';
import type { CommandContext } from '../context.ts';
import { htmlCommand } from './html-command.ts';
import { consoleReport } from './render-console.ts';
import type { Shell } from './shell.ts';

export interface MetaCommand {
  readonly usage: string;
  readonly summary: string;
  run(shell: Shell, argument: string): Promise<void>;
}

const list: [string, MetaCommand][] = [
  [
    'engine',
    {
      usage: '\\engine [model|postgres|sqlite]',
      summary: 'the engine the sessions run on (default model, which shows its internals)',
      async run(shell, argument) {
        const console = await shell.console();
        if (argument !== '') console.useEngine(argument);
        shell.print(`engine ${console.engine} · level ${console.level}`);
      },
    },
  ],
  [
    'level',
    {
      usage: '\\level [LEVEL]',
      summary: 'the isolation level transactions begin at (the levels of isolation run)',
      async run(shell, argument) {
        const console = await shell.console();
        if (argument !== '') console.useLevel(argument);
        shell.print(`engine ${console.engine} · level ${console.level}`);
      },
    },
  ],
  [
    'session',
    {
      usage: '\\session [NAME]',
      summary: 'switch to session NAME (created on first use); NAME: SQL; runs one statement there',
      async run(shell, argument) {
        if (argument !== '') {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(argument)) {
            throw new BadInputError(
              `a session name is a letter or _ then letters, digits or _ (not '${argument}')`,
            );
          }
          shell.current = argument;
        }
        const console = await shell.console();
        const others = console.sessionNames.filter((name) => name !== shell.current);
        shell.print(
          `session ${shell.current} (${console.stateOf(shell.current)})${others.length === 0 ? '' : `; others: ${others.map((name) => `${name} (${console.stateOf(name)})`).join(', ')}`}`,
        );
      },
    },
  ],
  [
    'setup',
    {
      usage: '\\setup SQL; | \\setup FILE',
      summary: 'run setup SQL outside any session (before the sessions connect)',
      async run(shell, argument) {
        if (argument === '') throw new BadInputError('\\setup needs SQL or a file: \\setup create table …;');
        const sql = (await isFile(shell.userPath(argument)))
          ? await readFile(shell.userPath(argument), 'utf8')
          : argument;
        const console = await shell.console();
        shell.print(shell.describeSetup(await console.setup(sql)));
      },
    },
  ],
  [
    'load',
    {
      usage: '\\load SCENARIO|FILE.spec',
      summary: "load a catalog scenario's (or spec file's) setup and sessions; then step NAME",
      async run(shell, argument) {
        if (argument === '') throw new BadInputError('\\load needs a scenario id or a .spec file');
        const isolation = await shell.library();
        const path =
          argument.endsWith('.spec') || argument.includes('/') ? shell.userPath(argument) : argument;
        const scenario = await isolation.findScenario(path);
        const console = await shell.console();
        const tables = await console.load(scenario);
        shell.print(
          `${scenario.id}${scenario.metadata.title === null ? '' : ` · ${scenario.metadata.title}`}\n${shell.describeSetup(tables)}`,
        );
        for (const session of scenario.sessions) {
          shell.print(`session ${session.name}: ${session.steps.map((step) => step.name).join(' ')}`);
        }
        const first = scenario.permutations[0];
        if (first !== undefined) {
          shell.print(
            shell.palette.dim(`its first permutation: ${first.steps.map((s) => s.name).join(' ')}`),
          );
        }
        shell.current = scenario.sessions[0]?.name ?? shell.current;
      },
    },
  ],
  [
    'internals',
    {
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
    },
  ],
  [
    'history',
    {
      usage: '\\history',
      summary: 'the schedule so far as swim lanes, one per session',
      async run(shell) {
        const console = await shell.console();
        const run = console.lastRun;
        if (run === null) throw new BadInputError('\\history: nothing has been typed yet');
        shell.print(await lanes(shell, run));
      },
    },
  ],
  [
    'verdict',
    {
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
    },
  ],
  ['html', htmlCommand],
  [
    'save',
    {
      usage: '\\save FILE.spec',
      summary: 'write what was typed as an isolation-tester spec (dbplay isolation run FILE.spec replays it)',
      async run(shell, argument) {
        if (!argument.endsWith('.spec'))
          throw new BadInputError('\\save writes a spec file: \\save NAME.spec');
        const console = await shell.console();
        if (console.typed === 0) throw new BadInputError('\\save: nothing has been typed yet');
        const title = argument.replace(/^.*[\\/]/, '').replace(/\.spec$/, '');
        await shell.save(argument, console.spec({ title, engine: console.engine, level: console.level }));
        shell.print(
          `saved ${argument}; replay it with: dbplay isolation run ${argument} --engine ${console.engine} --level ${console.level}`,
        );
      },
    },
  ],
  [
    'replay',
    {
      usage: '\\replay [--engine E] [--level L]',
      summary: 'rerun the schedule on another engine or level, side by side with this one',
      async run(shell, argument) {
        const console = await shell.console();
        const flags = replayFlags(argument);
        const isolation = await shell.library();
        const engine = parseEngineName(flags.engine ?? console.engine);
        const level =
          flags.level ?? (engine === console.engine ? console.level : isolation.defaultLevel(engine));
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
    },
  ],
  [
    'dataset',
    {
      usage: '\\dataset shop|events|people|off',
      summary: "SQL on explain's dataset, state kept until \\reset (explain select … draws the plan)",
      async run(shell, argument) {
        if (argument === '' || argument === 'off') {
          await shell.datasets.close();
          shell.print('SQL goes to the sessions again');
          return;
        }
        await shell.loadExplainNames();
        const description = await shell.datasets.open(argument);
        shell.print(`dataset ${argument} on ${description}; \\d lists its tables, \\dataset off leaves`);
      },
    },
  ],
  [
    'd',
    {
      usage: '\\d [TABLE]',
      summary: "the dataset's tables, or one table's columns and indexes",
      async run(shell, argument) {
        requireDataset(shell, '\\d');
        for (const result of await shell.datasets.describe(
          argument === '' ? 'tables' : { table: argument },
        )) {
          await shell.printRows(result);
        }
      },
    },
  ],
  [
    'di',
    {
      usage: '\\di',
      summary: "the dataset's indexes",
      async run(shell) {
        requireDataset(shell, '\\di');
        for (const result of await shell.datasets.describe('indexes')) await shell.printRows(result);
      },
    },
  ],
  [
    'reset',
    {
      usage: '\\reset',
      summary: 'drop the sessions, the setup and what was typed (engine and level stay)',
      async run(shell) {
        const console = await shell.console();
        console.reset();
        shell.current = 'a';
        if (shell.datasets.dataset !== null) {
          await shell.datasets.restart();
          shell.print(`reset: no setup, no sessions; dataset ${shell.datasets.dataset} as it was built`);
          return;
        }
        shell.print('reset: no setup, no sessions');
      },
    },
  ],
  [
    'set',
    {
      usage: '\\set ON_ERROR_STOP on|off',
      summary: 'whether a script stops at the first failing command (default on)',
      async run(shell, argument) {
        const [name, value] = argument.split(/\s+/);
        if (name !== 'ON_ERROR_STOP' || (value !== 'on' && value !== 'off')) {
          throw new BadInputError('\\set knows one variable: \\set ON_ERROR_STOP on|off');
        }
        shell.stopOnError = value === 'on';
      },
    },
  ],
  [
    'timing',
    {
      usage: '\\timing [on|off]',
      summary: 'print how long each command took',
      async run(shell, argument) {
        shell.timing = argument === '' ? !shell.timing : onOff(argument, '\\timing');
        shell.print(`Timing is ${shell.timing ? 'on' : 'off'}.`);
      },
    },
  ],
  [
    'x',
    {
      usage: '\\x [on|off]',
      summary: 'expanded rows: one line per column',
      async run(shell, argument) {
        shell.expanded = argument === '' ? !shell.expanded : onOff(argument, '\\x');
        shell.print(`Expanded display is ${shell.expanded ? 'on' : 'off'}.`);
      },
    },
  ],
  [
    '?',
    {
      usage: '\\?',
      summary: 'this list',
      async run(shell) {
        shell.print(shell.help());
      },
    },
  ],
];

export const metaCommands: ReadonlyMap<string, MetaCommand> = new Map(list);

/** `\?`: the backslash commands, then how the rest of the input is read. */
export function consoleHelp(commandNames: readonly string[]): string {
  const width = Math.max(...list.map(([, command]) => command.usage.length), '\\q'.length);
  return [
    'Backslash commands:',
    ...list.map(([, command]) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    `  ${'\\q'.padEnd(width)}  leave (Ctrl-D too)`,
    '',
    'Anything else:',
    '  SQL ending in ;          runs in the current session (its transaction begins at \\level first)',
    '  NAME: SQL;               runs in session NAME without switching',
    '  step NAME                runs a loaded scenario’s step',
    `  ${commandNames.join(', ')}: the dbplay commands, without 'dbplay' (help lists them)`,
  ].join('\n');
}

function requireDataset(shell: Shell, what: string): void {
  if (shell.datasets.dataset === null) {
    throw new BadInputError(`${what} describes a dataset: \\dataset shop (or events, people) first`);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function onOff(value: string, what: string): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new BadInputError(`${what} takes on or off, not '${value}'`);
}

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
