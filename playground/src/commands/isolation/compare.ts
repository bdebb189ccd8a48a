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
import type { PermutationChoice, ScenarioComparison } from '@dbplay/isolation';
import type { Command } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { serverUrl, wholeNumber } from '../../options.ts';
import { levelsOf, withEngines } from './engine-options.ts';

interface CompareFlags {
  levels: string;
  allPermutations?: boolean;
  sample: string;
  seed: string;
  whenWaiting?: string;
  show: string;
  url?: string;
}

/** Above this many interleavings, --all-permutations draws a seeded sample. */
const samplingThreshold = 2000;

export function registerIsolationCompare(isolation: Command, io: CliIo): void {
  isolation
    .command('compare')
    .argument('[scenarios...]', 'catalog ids or .spec paths (default: the whole catalog)')
    .description('run the model engine and real PostgreSQL side by side and show where they differ')
    .option('--levels <levels>', 'comma-separated levels', 'read-committed,repeatable-read,serializable')
    .option('--all-permutations', 'every interleaving of the sessions’ steps, not only the listed ones')
    .option(
      '--sample <n>',
      `with --all-permutations, how many to draw when a scenario has more than ${samplingThreshold}`,
      '250',
    )
    .option('--seed <seed>', 'the seed of the sample', '1')
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
      const levels = flags.levels
        .split(',')
        .map((level) => level.trim())
        .filter((level) => level !== '');
      const [modelLevels, postgresLevels] = await Promise.all([levelsOf('model'), levelsOf('postgres')]);
      for (const level of levels) {
        if (level === 'read-uncommitted') {
          throw new BadInputError(
            "the model's read uncommitted shows dirty reads on purpose, and PostgreSQL runs it as read committed: there is nothing to compare",
            { hint: 'compare read-committed, repeatable-read and serializable' },
          );
        }
        if (!modelLevels.includes(level) || !postgresLevels.includes(level)) {
          throw new BadInputError(
            `compare needs levels both engines have; '${level}' is not one of ${postgresLevels.join(', ')}`,
          );
        }
      }
      if (levels.length === 0) throw new BadInputError('--levels needs at least one level');
      const sample = wholeNumber('--sample', { min: 1 })(flags.sample);
      const all = flags.allPermutations === true;
      const whenSessionWaits = flags.whenWaiting ?? (all ? 'skip' : 'postpone');
      if (whenSessionWaits !== 'skip' && whenSessionWaits !== 'postpone') {
        throw new BadInputError(`--when-waiting takes skip or postpone; got '${whenSessionWaits}'`);
      }
      const isolation = await import('@dbplay/isolation');
      const scenarios =
        ids.length === 0
          ? await isolation.loadCatalog()
          : await Promise.all(ids.map((id) => isolation.findScenario(id)));
      const choiceFor = (count: number): PermutationChoice =>
        !all
          ? { kind: 'listed' }
          : count > samplingThreshold
            ? { kind: 'sample', count: sample, seed: flags.seed }
            : { kind: 'all' };
      const planned = scenarios.map((scenario) => ({
        scenario,
        choice: choiceFor(isolation.countInterleavings(scenario)),
      }));
      const total = planned.reduce(
        (sum, { scenario, choice }) =>
          sum + isolation.choosePermutations(scenario, choice).length * levels.length,
        0,
      );
      const started = performance.now();
      const comparisons = await withEngines(
        ['model', 'postgres'],
        serverUrl(flags.url, io.env),
        async ([model, postgres]) => {
          if (model === undefined || postgres === undefined) throw new Error('the engines did not start');
          const cache = new isolation.RunCache();
          const results: ScenarioComparison[] = [];
          let before = 0;
          for (const { scenario, choice } of planned) {
            isolation.checkRunnable(model, scenario, levels[0] ?? 'read-committed');
            const result = await isolation.compareScenario({
              model,
              reference: postgres,
              scenario,
              levels,
              choice,
              whenSessionWaits,
              cache,
              onProgress: (done) => context.progress(renderProgressBar(before + done, total, scenario.id)),
            });
            before += result.levels.reduce((sum, level) => sum + level.total, 0);
            results.push(result);
          }
          return results;
        },
      );
      const seconds = (performance.now() - started) / 1000;
      const summary = summarise(comparisons);
      if (context.json) {
        context.printJson({
          levels,
          whenSessionWaits,
          permutations: all ? 'all' : 'listed',
          seconds: Number(seconds.toFixed(1)),
          ...summary,
          scenarios: comparisons.map((comparison) => ({
            id: comparison.scenario.id,
            levels: comparison.levels,
          })),
        });
      } else {
        print(comparisons, summary, context, {
          show: wholeNumber('--show', { min: 0 })(flags.show),
          seconds,
          whenSessionWaits,
        });
      }
      if (summary.undeclared > 0) setCommandExitCode(command, ExitCode.checkFailed);
    });
}

interface Summary {
  readonly identical: number;
  readonly total: number;
  /** Differing permutations at levels where the scenario declares the difference. */
  readonly declared: number;
  readonly undeclared: number;
  /** How many declarations (scenario and level) the comparison met. */
  readonly declarations: number;
}

function summarise(comparisons: readonly ScenarioComparison[]): Summary {
  let identical = 0;
  let total = 0;
  let declared = 0;
  let undeclared = 0;
  let declarations = 0;
  for (const comparison of comparisons) {
    for (const level of comparison.levels) {
      identical += level.identical;
      total += level.total;
      if (level.declared !== null) {
        declarations++;
        declared += level.total - level.identical;
      } else {
        undeclared += level.total - level.identical;
      }
    }
  }
  return { identical, total, declared, undeclared, declarations };
}

function print(
  comparisons: readonly ScenarioComparison[],
  summary: Summary,
  context: CommandContext,
  options: { show: number; seconds: number; whenSessionWaits: string },
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
      `a step due on a session still waiting: ${options.whenSessionWaits === 'skip' ? 'the permutation stops there (PostgreSQL’s tester before 14)' : 'postponed until the wait ends'} · ${options.seconds.toFixed(1)} s`,
    ),
  );
}
