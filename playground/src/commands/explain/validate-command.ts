/**
 * `dbplay explain validate [FILE…]`: the author's check of exercise files. Each file must
 * parse; its reference answers must pass on two fresh instances (the second built from
 * scratch in a temporary cache, so ANALYZE ran independently), the unchanged query must
 * fail every fix question, and the plan must be the same on both instances. Prints a
 * table; exit 1 if any exercise fails, 2 if a file is malformed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode, renderProgressBar, renderTable } from '@dbplay/core';
import type { Catalog, Exercise } from '@dbplay/explain';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog, sessionFactory } from './explain-environment.ts';

export async function validateAction(files: string[], command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { findExercise, loadDatasets, readExerciseFile, SessionPool, validateExercises, validationJson } =
    await import('@dbplay/explain');
  let catalog: Catalog;
  const names = files.filter((file) => !/\.ya?ml$/.test(file));
  if (files.length === 0 || names.length === files.length) {
    // No files, or exercises named by number or id: check them in the catalog.
    const whole = await loadExplainCatalog(environment);
    catalog =
      names.length === 0 ? whole : { ...whole, exercises: names.map((name) => findExercise(whole, name)) };
  } else {
    const folder = dirname(files[0] as string);
    const datasets = await loadDatasets(join(folder, 'datasets'));
    const exercises: Exercise[] = [];
    for (const file of files)
      exercises.push(await readExerciseFile(file, { datasets: [...datasets.keys()] }));
    catalog = { folder, exercises, datasets };
  }

  const secondCache = await mkdtemp(join(tmpdir(), 'dbplay-validate-'));
  const first = new SessionPool(await sessionFactory(environment, catalog, context));
  const second = new SessionPool(await sessionFactory(environment, catalog, context, secondCache));
  let results: Awaited<ReturnType<typeof validateExercises>>;
  try {
    results = await validateExercises(catalog.exercises, {
      first,
      second,
      onExercise: (exercise, index, total) => context.progress(renderProgressBar(index, total, exercise.id)),
    });
  } finally {
    await first.close();
    await second.close();
    await rm(secondCache, { recursive: true, force: true });
  }

  const failed = results.filter((result) => !result.ok);
  if (context.json) {
    context.printJson(validationJson(results));
  } else {
    const { palette } = context;
    const mark = (ok: boolean) => (ok ? palette.ok('✓') : palette.fail('✗'));
    context.print(
      renderTable(
        [
          { header: '#', align: 'right' },
          'exercise',
          'topic',
          'references pass',
          'unchanged fails',
          'same plan twice',
          { header: 'reference fix time', align: 'right' },
        ],
        results.map((result) => [
          String(result.exercise.number),
          result.exercise.id,
          result.exercise.topic,
          mark(result.referencesPass),
          mark(result.unchangedFails),
          mark(result.stablePlan),
          result.referenceMs === undefined ? '' : `${result.referenceMs} of ${result.timeLimitMs} ms`,
        ]),
        { palette },
      ),
    );
    for (const result of failed) {
      for (const problem of result.problems)
        context.print(`${palette.fail('✗')} ${result.exercise.file}: ${problem}`);
    }
    context.print(
      failed.length === 0
        ? palette.ok(
            results.length === 1 ? 'The exercise is valid.' : `All ${results.length} exercises are valid.`,
          )
        : palette.fail(`${failed.length} of ${results.length} exercises failed validation.`),
    );
  }
  if (failed.length > 0) setCommandExitCode(command, ExitCode.checkFailed);
}
