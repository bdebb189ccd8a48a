/**
 * The shell's backslash commands, psql's way of talking to the client rather than the server.
 *
 * psql's own (`\q`, `\?`, `\set ON_ERROR_STOP`, `\timing`, `\x`) keep psql's meaning; the
 * others drive the multi-session console (@dbplay/isolation's IsolationConsole): which engine
 * and level, which session, the setup, a catalog scenario to step through, and the views of
 * the schedule typed so far that `dbplay isolation run` shows of a spec (swim lanes, verdict,
 * the model's internals).
 *
 * This file is the table of them all, in the order `\?` lists them, and holds psql's own; the
 * others live by what they are about: the console's set-up (session-commands.ts), the views of
 * the schedule (schedule-commands.ts), a dataset's SQL (dataset-commands.ts) and the HTML page
 * (html-command.ts).
 */
import { BadInputError } from '@dbplay/core';
import { datasetCommand, describeCommand, describeIndexesCommand } from './dataset-commands.ts';
import { htmlCommand } from './html-command.ts';
import {
  historyCommand,
  internalsCommand,
  replayCommand,
  saveCommand,
  verdictCommand,
} from './schedule-commands.ts';
import {
  engineCommand,
  levelCommand,
  loadCommand,
  resetCommand,
  sessionCommand,
  setupCommand,
} from './session-commands.ts';
import type { Shell } from './shell.ts';

export interface MetaCommand {
  readonly usage: string;
  readonly summary: string;
  run(shell: Shell, argument: string): Promise<void>;
}

const setCommand: MetaCommand = {
  usage: '\\set ON_ERROR_STOP on|off',
  summary: 'whether a script stops at the first failing command (default on)',
  async run(shell, argument) {
    const [name, value] = argument.split(/\s+/);
    if (name !== 'ON_ERROR_STOP' || (value !== 'on' && value !== 'off')) {
      throw new BadInputError('\\set knows one variable: \\set ON_ERROR_STOP on|off');
    }
    shell.stopOnError = value === 'on';
  },
};

const timingCommand: MetaCommand = {
  usage: '\\timing [on|off]',
  summary: 'print how long each command took',
  async run(shell, argument) {
    shell.timing = argument === '' ? !shell.timing : onOff(argument, '\\timing');
    shell.print(`Timing is ${shell.timing ? 'on' : 'off'}.`);
  },
};

const expandedCommand: MetaCommand = {
  usage: '\\x [on|off]',
  summary: 'expanded rows: one line per column',
  async run(shell, argument) {
    shell.expanded = argument === '' ? !shell.expanded : onOff(argument, '\\x');
    shell.print(`Expanded display is ${shell.expanded ? 'on' : 'off'}.`);
  },
};

const helpCommand: MetaCommand = {
  usage: '\\?',
  summary: 'this list',
  async run(shell) {
    shell.print(shell.help());
  },
};

const list: [string, MetaCommand][] = [
  ['engine', engineCommand],
  ['level', levelCommand],
  ['session', sessionCommand],
  ['setup', setupCommand],
  ['load', loadCommand],
  ['internals', internalsCommand],
  ['history', historyCommand],
  ['verdict', verdictCommand],
  ['html', htmlCommand],
  ['save', saveCommand],
  ['replay', replayCommand],
  ['dataset', datasetCommand],
  ['d', describeCommand],
  ['di', describeIndexesCommand],
  ['reset', resetCommand],
  ['set', setCommand],
  ['timing', timingCommand],
  ['x', expandedCommand],
  ['?', helpCommand],
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

function onOff(value: string, what: string): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new BadInputError(`${what} takes on or off, not '${value}'`);
}
