/**
 * `dbplay isolation compare [scenario…]`: run the model engine and real PostgreSQL side by
 * side on the same permutations and print where they differ (step, what each did), with the
 * count "N of M permutations identical". Without scenarios, the whole catalog.
 *
 * With `--all-permutations` every interleaving runs (a seeded sample for scenarios with more
 * than 2,000), and a permutation that would send a step to a session still waiting stops
 * there, as PostgreSQL's isolation tester did before version 14 (`--when-waiting postpone`
 * runs it on instead). Exit code 1 when a difference is not declared in the scenario's header.
 */
import { BadInputError, ExitCode, renderProgressBar, renderTable } from '@dbplay/core';
import type { ScenariosComparison } from '@dbplay/isolation';
import { comparedLevels, samplingThreshold } from '@dbplay/isolation/vocabulary';
import type { Command } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { seed, serverUrl, wholeNumber } from '../../options.ts';
import { loadIsolation } from './isolation-library.ts';
import { scenarioArgument } from './scenario-argument.ts';

interface CompareFlags {
  levels: string;
  allPermutations?: boolean;
  sample: string;
  seed: number | string;
  whenWaiting?: string;
  show: string;
  url?: string;
}

export function registerIsolationCompare(isolation: Command, io: CliIo): void {
  isolation
    .command('compare')
    .argument('[scenarios...]', 'catalog ids or .spec paths (default: the whole catalog)')
    .description('run the model engine and real PostgreSQL side by side and show where they differ')
    .option('--levels <levels>', 'comma-separated levels', comparedLevels.join(','))
    .option('--all-permutations', 'every interleaving of the sessions’ steps, not only the listed ones')
    .option(
      '--sample <n>',
      `with --all-permutations, how many to draw when a scenario has more than ${samplingThreshold}`,
      '250',
    )
    .option('--seed <seed>', 'the seed of the sample (digits are the number)', seed, 1)
    .option(
      '--when-waiting <rule>',
      'a step due on a session still waiting: skip the rest (default with --all-permutations) or postpone it',
    )
    .option('--show <n>', 'how many differing permutations to print per scenario and level', '3')
    .option('--url <url>', 'a PostgreSQL server to use instead of the embedded one (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      `
Two runs agree when every step has the same status (ok, waited, still waiting, or the same
SQLSTATE), returns the same rows, and the tables end the same. A scenario's header may
declare a level where the model differs on purpose: "# model-differs: <levels>: <why>".

Examples:
  $ dbplay isolation compare write-skew
  $ dbplay isolation compare --all-permutations
  $ dbplay isolation compare otv --all-permutations --sample 500 --seed 7 --levels serializable
  $ dbplay isolation compare --all-permutations --json > agreement.json`,
    )
    .action(async (ids: string[], flags: CompareFlags, command: Command) => {
      const context = contextFor(command, io);
      const isolation = await loadIsolation();
      const levels = isolation.parseComparedLevels(flags.levels);
      const sample = wholeNumber('--sample', { min: 1 })(flags.sample);
      const permutations = flags.allPermutations === true ? 'all' : 'listed';
      const whenSessionWaits = flags.whenWaiting;
      if (whenSessionWaits !== undefined && whenSessionWaits !== 'skip' && whenSessionWaits !== 'postpone') {
        throw new BadInputError(`--when-waiting takes skip or postpone; got '${whenSessionWaits}'`);
      }
      const scenarios =
        ids.length === 0
          ? await isolation.loadCatalog()
          : await Promise.all(ids.map((id) => isolation.findScenario(scenarioArgument(id, io.env))));
      const started = performance.now();
      const comparison = await isolation.withEngines(
        ['model', 'postgres'],
        { url: serverUrl(flags.url, io.env) },
        async ([model, postgres]) => {
          if (model === undefined || postgres === undefined) throw new Error('the engines did not start');
          return isolation.compareScenarios({
            model,
            reference: postgres,
            scenarios,
            levels,
            permutations,
            sample: { count: sample, seed: flags.seed },
            ...(whenSessionWaits === undefined ? {} : { whenSessionWaits }),
            onProgress: (done, total, id) => context.progress(renderProgressBar(done, total, id)),
          });
        },
      );
      const seconds = (performance.now() - started) / 1000;
      if (context.json) {
        context.printJson(isolation.comparisonJson(comparison, { seconds }));
      } else {
        print(comparison, context, { show: wholeNumber('--show', { min: 0 })(flags.show), seconds });
      }
      if (comparison.summary.undeclared > 0) setCommandExitCode(command, ExitCode.checkFailed);
    });
}

function print(
  { scenarios: comparisons, summary, whenSessionWaits }: ScenariosComparison,
  context: CommandContext,
  options: { show: number; seconds: number },
): void {
  const { palette } = context;
  const rows = comparisons.flatMap((comparison) =>
    comparison.levels.map((level) => [
      comparison.scenario.id,
      level.level,
      `${level.identical} of ${level.total}`,
      level.identical === level.total
        ? palette.ok('identical')
        : level.declared !== null
          ? palette.warn(`declared: ${level.declared}`)
          : palette.fail('differs'),
    ]),
  );
  context.print(renderTable(['scenario', 'level', 'identical', 'model vs postgres'], rows, { palette }));
  for (const comparison of comparisons) {
    for (const level of comparison.levels) {
      for (const differing of level.differing.slice(0, options.show)) {
        context.print(
          palette.heading(
            `${comparison.scenario.id} at ${level.level}, permutation ${differing.number}: ${differing.permutation.join(' ')}`,
          ),
        );
        for (const difference of differing.differences) {
          context.print(`  ${difference.where}: model ${difference.model}; postgres ${difference.reference}`);
        }
      }
    }
  }
  const percent = summary.total === 0 ? 100 : (100 * summary.identical) / summary.total;
  context.print(
    `${palette.heading(`${summary.identical} of ${summary.total} permutations identical`)} (${percent.toFixed(percent === 100 ? 0 : 1)}%) · ${summary.declared} differ as declared (${summary.declarations} declaration${summary.declarations === 1 ? '' : 's'}) · ${summary.undeclared} differ undeclared`,
  );
  context.print(
    palette.dim(
      `a step due on a session still waiting: ${whenSessionWaits === 'skip' ? 'the permutation stops there (PostgreSQL’s tester before 14)' : 'postponed until the wait ends'} · ${options.seconds.toFixed(1)} s`,
    ),
  );
}
