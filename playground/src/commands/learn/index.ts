/**
 * `dbplay learn …`: the guided path. `learn` lists the lessons by topic with progress,
 * `learn <lesson>` runs one (predict first, then see), `learn validate` checks every
 * lesson's checkpoint against the live engines. Actions live in their own files and load
 * @dbplay/learn when they run.
 */
import type { Command } from 'commander';
import type { CliIo } from '../../io.ts';
import { lessonAction } from './lesson-command.ts';
import { listLessonsAction } from './list-lessons.ts';
import { validateLessonsAction } from './validate-lessons.ts';

export function register(learn: Command, io: CliIo): void {
  learn
    .argument('[lesson]', 'the lesson to run, by number or id (none: list the lessons)')
    .option('--predict <answer>', 'your prediction for the checkpoint (an option key or a number)')
    .option('--reveal', 'run the lesson without predicting (nothing is recorded)')
    .option('--lessons <dir>', 'read lessons from this folder instead of the shipped ones')
    .option('--url <url>', 'a PostgreSQL server for isolation lessons instead of the embedded one')
    .addHelpText(
      'after',
      `
Each lesson states its goal, asks you to predict what the engine will do, and only
then runs it (PGlite, the embedded PostgreSQL server, SQLite, the model engine, the
B+tree or the LSM store), grades your prediction, explains, and names the next lesson.
Without --predict it asks on the terminal. Progress is kept with the EXPLAIN exercises'
in $DBPLAY_STATE (default ~/.local/state/dbplay).

Examples:
  $ dbplay learn
  $ dbplay learn 1
  $ dbplay learn what-an-index-is --predict b
  $ dbplay learn hot-updates --predict a --json
  $ dbplay learn validate`,
    )
    .action((name: string | undefined, _flags, command: Command) =>
      name === undefined ? listLessonsAction(command, io) : lessonAction(name, command, io),
    );

  learn
    .command('validate')
    .argument('[lessons...]', 'lesson numbers or ids (default: all)')
    .description("for authors: run every lesson's checkpoint on the live engines and compare with the file")
    .action((names: string[], _flags, command: Command) => validateLessonsAction(names, command, io));
}
