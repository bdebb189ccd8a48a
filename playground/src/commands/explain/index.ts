/**
 * `dbplay explain …`: graded EXPLAIN exercises on the real planner, and a playground.
 *
 * This file only declares the commands and their options; each action lives in its own
 * file and imports @dbplay/explain (and so PGlite) when it runs, so `dbplay --help` stays
 * fast.
 */
import { type Command, Option } from 'commander';
import { htmlOptionHelp, parseHtmlFile } from '../../html-output.ts';
import type { CliIo } from '../../io.ts';
import { collect, pathArgument, wholeNumber } from '../../options.ts';
import { answerAction } from './answer-command.ts';
import { cleanupAction } from './cleanup-command.ts';
import { gradeAction } from './grade-command.ts';
import { hintAction } from './hint-command.ts';
import { listAction } from './list-command.ts';
import { planAction } from './plan-command.ts';
import { progressAction, resetAction } from './progress-command.ts';
import { showAction } from './show-command.ts';
import { solutionAction } from './solution-command.ts';
import { validateAction } from './validate-command.ts';

export function register(explain: Command, io: CliIo): void {
  explain
    .option('--url <url>', 'use the PostgreSQL server at this URL instead of PGlite (default: $DATABASE_URL)')
    .option('--exercises <dir>', 'read exercises from this folder instead of the shipped catalog')
    .addHelpText(
      'after',
      `
Exercises run on PGlite (PostgreSQL 18 in WebAssembly). A dataset is built on first
use (a few seconds) and cached in $DBPLAY_CACHE (default ~/.cache/dbplay); progress is
kept in $DBPLAY_STATE (default ~/.local/state/dbplay).

Examples:
  $ dbplay explain list
  $ dbplay explain show 1
  $ dbplay explain answer 1 --q top-node="Hash Join"
  $ dbplay explain answer 15 --sql fix.sql
  $ dbplay explain plan "select * from orders where customer_id = 42" --analyze
  $ dbplay explain validate
  $ dbplay explain grade answers/ --report report.md`,
    );

  explain
    .command('list')
    .description('list the exercises, their topics and difficulty, and your status')
    .action((_flags, command: Command) => listAction(command, io));

  explain
    .command('show')
    .argument('<exercise>', 'the exercise number or id')
    .description('show an exercise: prompt, tables, query, plan and questions')
    .option('--html <file>', `${htmlOptionHelp}: the plan as boxes, node by node`, parseHtmlFile)
    .action((name: string, _flags, command: Command) => showAction(name, command, io));

  explain
    .command('hint')
    .argument('<exercise>', 'the exercise number or id')
    .description('show the next hint of an exercise')
    .action((name: string, _flags, command: Command) => hintAction(name, command, io));

  explain
    .command('answer')
    .argument('<exercise>', 'the exercise number or id')
    .option('--answers <file>', 'a YAML file of answers (see docs/explain.md for the format)', pathArgument)
    .option(
      '--q <name=value>',
      'the answer to one question; repeat for more (NAME=@FILE reads a file)',
      collect,
      [],
    )
    .option('--sql <file>', 'the SQL of your fix, for the exercise’s fix question', pathArgument)
    .option(
      '--reveal',
      'show the right answers and the explanation even if not all are right (noted in your progress)',
    )
    .option(
      '--time-limit <ms>',
      'stop your SQL after this many milliseconds (default 5000)',
      wholeNumber('--time-limit', { min: 1 }),
    )
    .description('grade your answers against the planner; exit 0 when all are right, 1 otherwise')
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay explain answer 3 --q total-cost=363
  $ dbplay explain answer missing-fk-index --sql fix.sql
  $ dbplay explain answer 9 --answers my-answers.yaml`,
    )
    .option('--html <file>', `${htmlOptionHelp}: the plans graded, node by node`, parseHtmlFile)
    .action((name: string, flags, command: Command) => answerAction(name, flags, command, io));

  explain
    .command('solution')
    .argument('<exercise>', 'the exercise number or id')
    .description('show the answers and the explanation of an exercise (noted in your progress)')
    .action((name: string, _flags, command: Command) => solutionAction(name, command, io));

  explain
    .command('progress')
    .description('your progress through the exercises')
    .action((_flags, command: Command) => progressAction(command, io));

  explain
    .command('reset')
    .argument('[exercise]', 'reset only this exercise')
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .description('forget your progress (all of it, or one exercise’s); asks first')
    .action((name: string | undefined, flags: { yes?: boolean }, command: Command) =>
      resetAction(name, flags, command, io),
    );

  explain
    .command('validate')
    .argument(
      '[files...]',
      'exercise files, or exercise numbers or ids, to check (default: the whole catalog)',
    )
    .description('for authors: check schema, reference answers, fixes and plan stability')
    .action((files: string[], _flags, command: Command) => validateAction(files, command, io));

  explain
    .command('cleanup')
    .description('with --url: drop the temporary databases that runs killed outright left on the server')
    .option('--dry-run', 'list what would be dropped, and drop nothing')
    .addHelpText(
      'after',
      `
A run on a server works in temporary databases (dbplay_tmp_…, and dbplay_…_new_… while a
dataset is built) and drops them when it ends or is interrupted with Ctrl-C. A run that
was killed outright cannot; this drops what it left. A database somebody is connected to,
or whose dbplay process still runs on this machine, is kept. Built datasets (dbplay_shop_…)
are kept too: they save the next run the build.

Examples:
  $ dbplay explain cleanup --url postgres://me@localhost/postgres --dry-run
  $ dbplay explain cleanup --url postgres://me@localhost/postgres`,
    )
    .action((flags: { dryRun?: boolean }, command: Command) => cleanupAction(flags, command, io));

  explain
    .command('grade')
    .argument('<folder>', 'a folder of answer files, one per student', pathArgument)
    .option('--report <file>', 'write the report to FILE.md (Markdown) or FILE.json', pathArgument)
    .description('for instructors: grade a class into a per-student and per-exercise report')
    .action((folder: string, flags, command: Command) => gradeAction(folder, flags, command, io));

  explain
    .command('plan')
    .argument('<sql>', 'the query to explain; earlier statements (an index to try) run first')
    .option('--dataset <name>', 'the dataset to plan on', 'shop')
    .option('--analyze', 'run the query (EXPLAIN ANALYZE) and show actual rows')
    .option('--buffers', 'show buffer counts')
    .addOption(
      new Option('--format <format>', "also print psql's own text plan beside the drawing").choices(['text']),
    )
    .option(
      '--time-limit <ms>',
      'stop the query after this many milliseconds (default 10000)',
      wholeNumber('--time-limit', { min: 1 }),
    )
    .option('--html <file>', `${htmlOptionHelp}: the plan as boxes, node by node`, parseHtmlFile)
    .description('draw the plan of any query on a dataset: the free playground')
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay explain plan "select * from orders where customer_id = 42"
  $ dbplay explain plan "create index on orders (customer_id); select * from orders where customer_id = 42" --analyze
  $ dbplay explain plan "select count(*) from orders" --format text
  $ dbplay explain plan "select * from events where payload @> '{\\"device\\": \\"tv\\"}'" --dataset events`,
    )
    .action((sql: string, flags, command: Command) => planAction(sql, flags, command, io));
}
