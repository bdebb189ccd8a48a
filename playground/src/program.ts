/**
 * The `dbplay` command tree: global options, help text, and one group of commands per area.
 *
 * Each group lives in `commands/<group>/index.ts`, which registers the group's commands on
 * the command this file creates for it. A group is imported only when the command line
 * names it: `dbplay --help` lists every group from the table below without loading any, and
 * `dbplay btree insert 5` loads the btree group alone. No group imports an engine before
 * its action runs (PGlite, pg, better-sqlite3 are imported inside actions).
 */
import { Command, Help } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { CliIo } from './io.ts';
import { wholeNumber } from './options.ts';

/** What a group's index.ts exports. */
export interface CommandGroupModule {
  register(group: Command, io: CliIo): void;
}

interface CommandGroup {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<CommandGroupModule>;
}

/** Every group, with the one line `dbplay --help` shows for it, and one lazy import each. */
export const commandGroups: readonly CommandGroup[] = [
  {
    name: 'btree',
    description: 'step through a B+tree, and compare it with PostgreSQL and SQLite',
    load: () => import('./commands/btree/index.ts'),
  },
  {
    name: 'btree-vs-lsm',
    description: 'the same workload on a B+tree and an LSM-tree: write, read and space amplification',
    load: () => import('./commands/btree-vs-lsm/index.ts'),
  },
  {
    name: 'doctor',
    description: 'check that PGlite, SQLite and an embedded PostgreSQL work on this machine',
    load: () => import('./commands/doctor/index.ts'),
  },
  {
    name: 'explain',
    description: 'read EXPLAIN plans: graded exercises on the real PostgreSQL planner, and a playground',
    load: () => import('./commands/explain/index.ts'),
  },
  {
    name: 'isolation',
    description:
      'reproduce isolation anomalies on a real PostgreSQL and SQLite, and step through them on the model engine',
    load: () => import('./commands/isolation/index.ts'),
  },
  {
    name: 'learn',
    description: 'a guided path through the interview topics: predict, then watch the real engine',
    load: () => import('./commands/learn/index.ts'),
  },
  {
    name: 'lsm',
    description: 'an LSM-tree: write, read and compact a store in a directory; simulate compaction',
    load: () => import('./commands/lsm/index.ts'),
  },
  {
    name: 'shell',
    description: 'a shell that keeps state: type SQL in several sessions, and every dbplay command',
    load: () => import('./commands/shell/index.ts'),
  },
];

const examples = `
Examples:
  $ dbplay doctor                check that PGlite, SQLite and PostgreSQL work here
  $ dbplay doctor --json         the same report as one JSON document
  $ dbplay doctor --only sqlite  run one check
  $ dbplay help doctor           help for one command

Exit codes:
  0  success
  1  a check or a grade failed
  2  bad usage or bad input
  3  a database engine or server could not be started or reached

Environment:
  NO_COLOR=1      never colour the output (FORCE_COLOR=1 always does)
  DATABASE_URL    a PostgreSQL server to use instead of the embedded one
  DEBUG=dbplay    print the stack trace of an unexpected error`;

/**
 * A command's subcommands for its help, in alphabetical order. commander's own
 * `sortSubcommands` compares names with `localeCompare`, whose first call loads ICU's
 * collation data: about 16 ms, a third of what `dbplay --help` adds to a bare `node`.
 * Command names are lowercase ASCII words and hyphens, so plain code-unit order is the same order.
 */
function commandsByName(this: Help, command: Command): Command[] {
  return Help.prototype.visibleCommands
    .call(this, command)
    .sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
}

/**
 * The program, with the groups `argv` names loaded (all of them when `argv` is absent) and
 * the others present by name and description only, for the help.
 */
export async function createProgram(io: CliIo, argv?: readonly string[]): Promise<Command> {
  const program = new Command('dbplay');
  program
    .description(
      'Step through database internals on real engines: B+trees, LSM-trees,\nisolation anomalies and EXPLAIN plans.',
    )
    .version(packageJson.version, '-V, --version', 'print the dbplay version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--json', 'print machine-readable JSON on stdout and nothing else')
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output')
    .option(
      '--width <columns>',
      'fit tables and drawings in this many columns (default: the terminal’s width, or 80)',
      wholeNumber('--width', { min: 40, max: 1000 }),
    )
    .configureHelp({ showGlobalOptions: true, visibleCommands: commandsByName })
    .showSuggestionAfterError(true)
    // Settings above are copied to every subcommand created after this point.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Errors are printed once, as one line, by reportError.
      outputError: () => {},
    })
    .addHelpText('after', examples);

  const named = (group: CommandGroup) => argv === undefined || argv.includes(group.name);
  const loaded = await Promise.all(commandGroups.map((group) => (named(group) ? group.load() : undefined)));
  for (const [i, group] of commandGroups.entries()) {
    const command = program.command(group.name).description(group.description);
    loaded[i]?.register(command, io);
  }
  return program;
}
