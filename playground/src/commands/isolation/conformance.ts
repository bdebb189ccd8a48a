/**
 * `dbplay isolation conformance <specs-folder> [--expected <folder>]`: run a folder of
 * isolation specs on the real PostgreSQL, compare every permutation with the output
 * PostgreSQL's tester expects, and run the model engine on the same specs. One row per spec;
 * exit code 1 when the runner differs from an expected output, unless the difference is a
 * declared one (an older server than the one that printed the output). The work is in
 * @dbplay/isolation (conformance/); this file reads the flags and prints.
 */
import { relative, resolve } from 'node:path';
import { ExitCode, renderProgressBar } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { serverUrl, wholeNumber } from '../../options.ts';
import { loadIsolation } from './isolation-library.ts';

interface ConformanceFlags {
  expected?: string;
  only?: string;
  listed?: boolean;
  model: boolean;
  show: string;
  url?: string;
}

export function registerIsolationConformance(isolation: Command, io: CliIo): void {
  isolation
    .command('conformance')
    .argument('<specs-folder>', 'a folder of isolation .spec files (PostgreSQL’s suite, or your own)')
    .description(
      'run isolation specs on the real PostgreSQL and the model, and compare with expected outputs',
    )
    .option(
      '--expected <folder>',
      'the folder of expected .out files (default: ../expected beside the specs folder, else the specs folder)',
    )
    .option('--only <specs>', 'comma-separated spec names to run (default: every spec of the folder)')
    .option('--listed', 'skip the specs that list no permutations (their every interleaving runs otherwise)')
    .option('--no-model', 'check the runner only')
    .option('--show <n>', 'how many differing permutations to print per spec', '3')
    .option('--url <url>', 'a PostgreSQL server to use instead of the embedded one (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      `
Each spec runs as written (its sessions begin their own transactions), every permutation it
lists, or every interleaving when it lists none. A permutation is identical to the expected
output when every step waited (or not) as expected, completed after the same step, failed
with the same message and printed the same last result set. NAME_1.out, NAME_2.out are
alternatives, as in PostgreSQL's suite. A spec whose difference is the server's version
(the expected output printed by a newer PostgreSQL that fixed what the spec catches) is
shown as declared, with the fix's release note, beside the figure; any other difference
makes the exit code 1. The model engine runs what it accepts and is compared with the
real run.

Examples:
  $ dbplay isolation conformance exercises/isolation/postgres-suite/specs
  $ dbplay isolation conformance exercises/isolation/postgres-suite/specs --only nowait,two-ids
  $ dbplay isolation conformance my-specs --expected my-expected --json`,
    )
    .action(async (folder: string, flags: ConformanceFlags, command: Command) => {
      const context = contextFor(command, io);
      const show = wholeNumber('--show', { min: 0 })(flags.show);
      // Paths are the user's, relative to the folder they typed the command in (pnpm sets INIT_CWD).
      const base = io.env.INIT_CWD ?? process.cwd();
      const only = flags.only
        ?.split(',')
        .map((name) => name.trim().replace(/\.spec$/, ''))
        .filter((name) => name !== '');
      const isolation = await loadIsolation();
      const specs = resolve(base, folder);
      await isolation.findSpecs(specs, only, folder); // a bad folder or name is refused before any engine starts
      const engines = flags.model ? (['postgres', 'model'] as const) : (['postgres'] as const);
      const run = await isolation.withEngines(
        engines,
        { url: serverUrl(flags.url, io.env) },
        async ([postgres, model]) => {
          if (postgres === undefined) throw new Error('the engine did not start');
          return isolation.runConformance({
            specs,
            ...(flags.expected === undefined ? {} : { expected: resolve(base, flags.expected) }),
            postgres,
            model: model ?? null,
            ...(only === undefined ? {} : { only }),
            listedOnly: flags.listed === true,
            onSpec: (name, index, total) => context.progress(renderProgressBar(index, total, name)),
          });
        },
      );
      const shown = (path: string) => relative(base, path) || '.';
      const report = {
        ...run,
        specsFolder: shown(run.specsFolder),
        expectedFolder: shown(run.expectedFolder),
      };
      if (context.json) context.printJson(isolation.conformanceJson(report));
      else
        for (const line of isolation.renderConformance(report, { palette: context.palette, show }))
          context.print(line);
      if (report.totals.runnerFailures > 0) setCommandExitCode(command, ExitCode.checkFailed);
    });
}
