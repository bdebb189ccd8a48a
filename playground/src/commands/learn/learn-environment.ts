/**
 * Where the learn commands find things: the lessons folder (shipped, or `--lessons`), the
 * exercises folder beside it (datasets and the isolation catalog), and the cache and
 * progress file the EXPLAIN commands use, so progress is one file.
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, shippedExercises } from '../explain/explain-environment.ts';

export interface LearnEnvironment {
  readonly lessonsDir: string;
  readonly exercisesDir: string;
  readonly cacheDir: string;
  readonly progressFile: string;
  readonly url: string | undefined;
}

export function learnEnvironment(command: Command, io: CliIo): LearnEnvironment {
  const options = command.optsWithGlobals<{ lessons?: string; url?: string }>();
  const explain = explainEnvironment(command, io);
  const exercisesDir = dirname(shippedExercises);
  const url = options.url ?? io.env.DATABASE_URL;
  return {
    lessonsDir:
      options.lessons === undefined
        ? join(exercisesDir, 'lessons')
        : resolve(io.env.INIT_CWD ?? process.cwd(), options.lessons),
    exercisesDir,
    cacheDir: explain.cacheDir,
    progressFile: explain.progressFile,
    url: url === undefined || url === '' ? undefined : url,
  };
}
