/**
 * `dbplay explain answer <exercise>`: collects the learner's answers (a YAML file,
 * `--q NAME=VALUE` options, `--sql FILE` for the fix), grades them against the planner,
 * prints the feedback, and records the attempt. Grading gives nothing away: a wrong answer
 * is called wrong and the next hint offered; the right answers and the explanation are
 * shown once the exercise is passed, or with `--reveal` (recorded in the progress). Exit 0
 * when every answer is right, 1 otherwise, 2 for an answer in the wrong form (not counted).
 */
import { readFile } from 'node:fs/promises';
import { BadInputError, ExitCode, isDbplayError } from '@dbplay/core';
import type { Exercise } from '@dbplay/explain';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';

import { setCommandExitCode } from '../../exit-code.ts';
import { writeHtmlPage } from '../../html-output.ts';
import { explainPlansPage, type LabelledPlan } from '../../html-pages.ts';

import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadOneExercise, sessionFactory } from './explain-environment.ts';
import { updateLearnerProgress } from './learner-progress.ts';
import { renderGrade } from './render-grade.ts';

interface AnswerFlags {
  answers?: string;
  q: string[];
  sql?: string;
  timeLimit?: number;
  reveal?: boolean;
  html?: string;
}

export async function answerAction(
  name: string,
  flags: AnswerFlags,
  command: Command,
  io: CliIo,
): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { catalog, exercise } = await loadOneExercise(environment, name);
  const { checkAnswers, gradeExercise, gradeJson, progressOf, recordAttempt, recordReveal, SessionPool } =
    await import('@dbplay/explain');
  const answers = await collectAnswers(exercise, flags);
  // A malformed answer is bad input (exit 2), reported before anything runs or is counted.
  checkAnswers(exercise, answers);

  const pool = new SessionPool(await sessionFactory(environment, catalog, context));
  let grade: Awaited<ReturnType<typeof gradeExercise>>;
  try {
    const runner = await pool.runner(exercise.dataset);
    context.progress(`grading exercise ${exercise.number} on ${exercise.dataset} …`);
    grade = await gradeExercise(runner, exercise, answers, {
      ...(flags.timeLimit === undefined ? {} : { timeLimitMs: flags.timeLimit }),
    });
  } finally {
    await pool.close();
  }

  // The grade is the learner's whatever happens to the progress file: an unwritable state
  // folder is a warning under it, not a lost grade.
  let before: ReturnType<typeof progressOf> | undefined;
  let progress: Awaited<ReturnType<typeof updateLearnerProgress>> | undefined;
  let notSaved: string | undefined;
  try {
    progress = await updateLearnerProgress(environment, context, (current) => {
      before = progressOf(current, exercise.id);
      const attempted = recordAttempt(current, exercise.id, grade.correct, grade.total);
      return flags.reveal === true ? recordReveal(attempted, exercise.id) : attempted;
    });
  } catch (error) {
    if (!isDbplayError(error)) throw error;
    notSaved = error.oneLine();
  }
  const reveal = grade.passed || before?.status === 'passed' || flags.reveal === true;
  if (context.json) {
    context.printJson({ ...gradeJson(exercise, grade, { reveal }), progressSaved: notSaved === undefined });
  } else {
    const mine = progress === undefined ? undefined : progressOf(progress, exercise.id);
    context.print(await renderGrade(exercise, grade, context, { reveal, hintsShown: mine?.hintsShown ?? 0 }));
  }
  if (notSaved !== undefined) io.stderr(`dbplay: warning: your progress was not saved: ${notSaved}\n`);
  if (flags.html !== undefined)
    await writeHtmlPage(context, flags.html, await answerPage(name, exercise, grade));
  if (!grade.passed) setCommandExitCode(command, ExitCode.checkFailed);
}

async function collectAnswers(exercise: Exercise, flags: AnswerFlags): Promise<Record<string, string>> {
  const { readAnswerFile } = await import('@dbplay/explain');
  const answers: Record<string, string> = {};
  if (flags.answers !== undefined) {
    const file = await readAnswerFile(flags.answers);
    const mine = file.flat ?? file.exercises.get(exercise.id) ?? file.exercises.get(String(exercise.number));
    if (mine === undefined) {
      throw new BadInputError(
        `${flags.answers} has no answers for exercise ${exercise.number} (${exercise.id})`,
      );
    }
    Object.assign(answers, mine);
  }
  for (const pair of flags.q) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new BadInputError(`--q needs NAME=VALUE, got '${pair}'`);
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1);
    answers[key] = value.startsWith('@') ? await readText(value.slice(1), `--q ${key}`) : value;
  }
  if (flags.sql !== undefined) {
    const fixes = exercise.questions.filter((question) => question.kind === 'fix');
    const only = fixes[0];
    if (only === undefined)
      throw new BadInputError(`exercise ${exercise.number} has no fix question; --sql is for fixes`);
    if (fixes.length > 1) {
      throw new BadInputError(
        `exercise ${exercise.number} has ${fixes.length} fix questions; use --q NAME=@FILE.sql for each`,
      );
    }
    answers[only.name] = await readText(flags.sql, '--sql');
  }
  if (Object.keys(answers).length === 0) {
    throw new BadInputError('no answers given', {
      hint: `use --q NAME=VALUE, --answers FILE.yaml or --sql FILE.sql; see 'dbplay explain show ${exercise.number}' (or 'dbplay explain solution ${exercise.number}' for the answers)`,
    });
  }
  return answers;
}

async function readText(file: string, option: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`${option}: cannot read ${file}`, { cause: error });
  }
}

/** The plans graded: the exercise's, and with a fix, the plan after it. */
async function answerPage(
  name: string,
  exercise: Exercise,
  grade: Awaited<ReturnType<typeof import('@dbplay/explain').gradeExercise>>,
) {
  const fix = grade.questions.find((question) => question.fix !== undefined)?.fix;
  const plans: LabelledPlan[] = [];
  // A plan the exercise asks to predict is not drawn before the exercise is passed.
  const before = exercise.showPlan || grade.passed ? (fix?.planBefore ?? grade.plan) : undefined;
  if (before !== undefined) plans.push({ label: "the exercise's plan", sql: exercise.query, plan: before });
  if (fix?.planAfter !== undefined)
    plans.push({ label: 'the plan after your fix', sql: exercise.query, plan: fix.planAfter });
  if (plans.length === 0) {
    throw new BadInputError(`exercise ${exercise.number} hides its plan: --html has nothing to draw`);
  }
  return explainPlansPage(
    `EXPLAIN exercise ${exercise.number}: ${exercise.title}`,
    `dbplay explain answer ${name} · ${grade.correct} of ${grade.total} right`,
    plans,
  );
}
