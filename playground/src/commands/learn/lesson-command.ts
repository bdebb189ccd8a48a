/**
 * `dbplay learn <lesson>`: one lesson, predict first.
 *
 * 1. the goal, the situation and the checkpoint's question (with its options);
 * 2. the prediction: `--predict X`, or asked on the terminal; it is checked for being a
 *    possible answer before anything runs;
 * 3. only then the real run, the grade (exit 1 when the prediction was wrong, like a
 *    failed grade), the explanation, commands to explore, and the next lesson.
 *
 * Without a prediction (no --predict, no answer typed) the lesson stops after step 1 and
 * says how to go on; `--reveal` runs it without predicting and records nothing.
 */
import { ExitCode } from '@dbplay/core';
import type { Lesson, LessonResult } from '@dbplay/learn';
import type { Command } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { updateLearnerProgress } from '../explain/learner-progress.ts';
import { learnEnvironment } from './learn-environment.ts';

export async function lessonAction(name: string, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const flags = command.opts<{ predict?: string; reveal?: boolean }>();
  const environment = learnEnvironment(command, io);
  const learn = await import('@dbplay/learn');
  const lessons = await learn.loadLessons(environment.lessonsDir);
  const lesson = learn.findLesson(lessons, name);
  const next = learn.nextLesson(lessons, lesson);

  let prediction = flags.predict;
  if (prediction !== undefined) learn.checkPrediction(lesson.checkpoint, prediction);
  if (!context.json) printIntro(lesson, context);
  if (prediction === undefined && flags.reveal !== true && !context.json) {
    prediction = await askPrediction(lesson, context);
  }
  if (prediction === undefined && flags.reveal !== true) {
    if (context.json)
      context.printJson({ lesson: lessonJson(lesson), stage: 'predict', next: next?.id ?? null });
    else
      context.print(
        `\nPredict first: dbplay learn ${lesson.id} --predict <answer>   (or --reveal to skip predicting)`,
      );
    return;
  }

  const engines = new learn.LessonEngines({
    exercisesDir: environment.exercisesDir,
    cacheDir: environment.cacheDir,
    url: environment.url,
    onProgress: (text) => context.progress(text),
  });
  let result: LessonResult;
  try {
    result = await learn.runLesson(lesson, engines, prediction);
  } finally {
    await engines.close();
  }
  if (result.grade !== undefined) {
    const correct = result.grade.correct;
    await updateLearnerProgress(environment, context, (progress) =>
      learn.recordLesson(progress, lesson.id, correct),
    );
    if (!result.grade.correct) setCommandExitCode(command, ExitCode.checkFailed);
  }

  if (context.json) {
    context.printJson({
      lesson: lessonJson(lesson),
      stage: 'done',
      prediction: result.grade ?? null,
      answer: result.run.value,
      run: { text: result.run.text, details: result.run.details },
      explanation: lesson.explanation,
      explore: lesson.explore,
      next: next?.id ?? null,
    });
    return;
  }
  const { palette } = context;
  context.print(`\n${palette.heading('The run')}\n`);
  context.print(result.run.text);
  context.print('');
  if (result.grade === undefined) {
    context.print(`Answer: ${describeAnswer(lesson, result)}`);
  } else if (result.grade.correct) {
    context.print(
      palette.ok(
        `✓ Your prediction (${result.grade.prediction}) was right: ${describeAnswer(lesson, result)}.`,
      ),
    );
  } else {
    context.print(
      palette.fail(
        `✗ You predicted ${result.grade.prediction}; the engine did ${describeAnswer(lesson, result)}.`,
      ),
    );
  }
  context.print(`\n${palette.heading('Why')}\n`);
  context.print(lesson.explanation);
  context.print(`\n${palette.heading('Explore further')}\n`);
  for (const line of lesson.explore) context.print(`  $ ${line}`);
  context.print(
    next === undefined ? '\nThat was the last lesson.' : `\nNext: dbplay learn ${next.id}  (${next.title})`,
  );
}

function printIntro(lesson: Lesson, context: CommandContext): void {
  const { palette } = context;
  context.print(palette.heading(`Lesson ${lesson.number}: ${lesson.title}`));
  context.print(`Goal: ${lesson.goal}\n`);
  context.print(lesson.intro);
  context.print(`\n${palette.heading('Predict')}: ${lesson.checkpoint.ask}`);
  if (lesson.checkpoint.kind === 'choice') {
    for (const option of lesson.checkpoint.options) context.print(`  ${option.key}) ${option.text}`);
  }
}

async function askPrediction(lesson: Lesson, context: CommandContext): Promise<string | undefined> {
  const { checkPrediction } = await import('@dbplay/learn');
  for (;;) {
    const line = await context.io.readLine('Your prediction: ');
    if (line === null || line.trim() === '') return undefined;
    try {
      return checkPrediction(lesson.checkpoint, line);
    } catch (error) {
      context.io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function describeAnswer(lesson: Lesson, result: LessonResult): string {
  const value = result.run.value;
  if (lesson.checkpoint.kind === 'choice') {
    const wanted = String(value).toLowerCase();
    const option = lesson.checkpoint.options.find((candidate) => candidate.value.toLowerCase() === wanted);
    return option === undefined ? String(value) : `${option.key}) ${option.text}`;
  }
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : value;
}

function lessonJson(lesson: Lesson): unknown {
  return {
    number: lesson.number,
    id: lesson.id,
    title: lesson.title,
    topic: lesson.topic,
    goal: lesson.goal,
    intro: lesson.intro,
    checkpoint:
      lesson.checkpoint.kind === 'choice'
        ? {
            kind: 'choice',
            ask: lesson.checkpoint.ask,
            options: lesson.checkpoint.options.map(({ key, text }) => ({ key, text })),
          }
        : { kind: 'number', ask: lesson.checkpoint.ask, tolerance: lesson.checkpoint.tolerance },
  };
}
