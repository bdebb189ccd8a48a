/**
 * `dbplay shell`: the stateful shell (playground/src/shell/), started here.
 *
 * With a terminal on stdin it is the line editor; with `--file FILE` or input from a pipe or a
 * file it runs the lines as a script. Either way the engines it started are stopped when it
 * ends, and on Ctrl-C.
 */
import { createReadStream } from 'node:fs';
import { BadInputError } from '@dbplay/core';
import type { Command } from 'commander';
import { setCommandExitCode } from '../../cli.ts';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';

interface ShellFlags {
  file?: string;
  url?: string;
}

export function register(shell: Command, io: CliIo): void {
  shell
    .option('--file <file>', 'run the lines of FILE as a script, echoing each (as psql -a does)')
    .option('--url <url>', 'a PostgreSQL server to use instead of the embedded one (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      `
Inside: SQL ending in ; runs in the current session; \\session NAME switches; NAME: SQL; runs
in another; \\engine, \\level, \\setup, \\load, step NAME, \\history, \\verdict, \\internals,
\\save FILE.spec, \\replay, \\reset; \\? lists them; every dbplay command without 'dbplay'.

Script mode (--file, or input that is not a terminal) stops at the first failing command
unless \\set ON_ERROR_STOP off; --json prints one JSON document per command.

Examples:
  $ dbplay shell
  $ dbplay shell --file write-skew.sql
  $ dbplay shell < write-skew.sql
  $ dbplay shell --file write-skew.sql --json`,
    )
    .action(async (flags: ShellFlags, command: Command) => {
      const context = contextFor(command, io);
      // The shell runs the same statements again and again: let V8 optimise PGlite's hot code.
      (await import('@dbplay/engines')).setPgliteLifetime('long');
      const { Shell } = await import('../../shell/shell.ts');
      const url = flags.url ?? (io.env.DATABASE_URL === '' ? undefined : io.env.DATABASE_URL);
      const globals = command.optsWithGlobals<{ color?: boolean }>();
      const shell = new Shell(io, { json: context.json, color: globals.color, url });
      try {
        const interactive = flags.file === undefined && process.stdin.isTTY === true && !context.json;
        if (interactive) {
          const { runInteractive } = await import('../../shell/interactive.ts');
          setCommandExitCode(command, await runInteractive(shell, io));
          return;
        }
        const { runScript } = await import('../../shell/script-mode.ts');
        const lines = await inputLines(flags.file === undefined ? undefined : shell.userPath(flags.file));
        setCommandExitCode(
          command,
          await runScript(shell, lines, { echo: !context.json, write: (text) => io.stdout(text) }),
        );
      } finally {
        await shell.close();
      }
    });
}

/** The lines of the file, or of stdin. */
async function inputLines(file: string | undefined): Promise<AsyncIterable<string>> {
  const { createInterface } = await import('node:readline');
  const input = file === undefined ? process.stdin : createReadStream(file);
  if (file !== undefined) {
    await new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', (error: NodeJS.ErrnoException) =>
        reject(new BadInputError(`cannot read ${file}: ${error.code ?? error.message}`)),
      );
    });
  }
  return createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
}
