/**
 * `dbplay learn validate [LESSON…]`: the author's check. Every lesson file must parse (a
 * malformed one stops with file, line and field: exit 2), and every checkpoint's run on
 * the live engine must give the answer the file expects (exit 1 if any does not).
 */
import { ExitCode, renderProgressBar, renderTable } from '@dbplay/core';
import type { LessonValidation } from '@dbplay/learn';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { learnEnvironment } from './learn-environment.ts';

export async function validateLessonsAction(names: string[], command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = learnEnvironment(command, io);
  const learn = await import('@dbplay/learn');
  const all = await learn.loadLessons(environment.lessonsDir);
  const lessons = names.length === 0 ? all : names.map((name) => learn.findLesson(all, name));
  const engines = new learn.LessonEngines({
    exercisesDir: environment.exercisesDir,
    cacheDir: environment.cacheDir,
    url: environment.url,
    onProgress: (text) => context.progress(text),
  });
  const results: LessonValidation[] = [];
  try {
    for (const [index, lesson] of lessons.entries()) {
      context.progress(renderProgressBar(index, lessons.length, lesson.id));
      results.push(await learn.validateLesson(lesson, engines));
    }
  } finally {
    await engines.close();
  }
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) setCommandExitCode(command, ExitCode.checkFailed);
  if (context.json) {
    context.printJson({
      ok: failed.length === 0,
      lessons: results.map((result) => ({
        id: result.lesson.id,
        file: result.lesson.file,
        ok: result.ok,
        live: result.live ?? null,
        problems: result.problems,
      })),
    });
    return;
  }
  context.print(
    renderTable(
      ['', 'lesson', 'run', 'live answer'],
      results.map((result) => [
        result.ok ? '✓' : '✗',
        result.lesson.id,
        result.lesson.run.kind,
        result.live === undefined
          ? '—'
          : String(typeof result.live === 'number' ? Math.round(result.live * 100) / 100 : result.live),
      ]),
    ),
  );
  for (const result of failed) {
    for (const problem of result.problems) context.print(`✗ ${result.lesson.file}: ${problem}`);
  }
  context.print(
    failed.length === 0
      ? `All ${results.length} lessons agree with the live engines.`
      : `${failed.length} of ${results.length} lessons failed validation.`,
  );
}
