/**
 * The `dbplay` command tree: global options, help text, and one subcommand group per area.
 *
 * Building the program has no side effects and loads no engine: each command imports
 * what it needs (PGlite, pg, better-sqlite3) inside its action, so `dbplay --help`
 * starts in a fraction of a second.
 */
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerBtree } from './commands/btree/btree-command.ts';
import { registerBtreeVsLsm } from './commands/btree-vs-lsm.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerExplain } from './commands/explain/explain.ts';
import { registerIsolation } from './commands/isolation.ts';
import { registerLearn } from './commands/learn/learn.ts';
import { registerLsm } from './commands/lsm/index.ts';
import type { CliIo } from './io.ts';

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

export function createProgram(io: CliIo): Command {
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
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
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

  registerBtree(program, io);
  registerBtreeVsLsm(program, io);
  registerDoctor(program, io);
  registerExplain(program, io);
  registerIsolation(program, io);
  registerLearn(program, io);
  registerLsm(program, io);
  return program;
}
