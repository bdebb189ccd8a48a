/**
 * `dbplay explain show` as text: the exercise, its tables, the plan (unless it is to be
 * predicted), the facts, and the questions with how to answer them.
 */

import { formatCount } from '@dbplay/core';
import type { Exercise, ExerciseView, TableDescription } from '@dbplay/explain';
import type { CommandContext } from '../../context.ts';
import { plural } from '../../options.ts';

export function difficultyStars(difficulty: number): string {
  return '★'.repeat(difficulty) + '☆'.repeat(5 - difficulty);
}

export async function renderExercise(
  exercise: Exercise,
  view: ExerciseView,
  context: CommandContext,
): Promise<string> {
  const { drawPlan } = await import('@dbplay/explain/plans');
  const { palette } = context;
  const out: string[] = [];
  out.push(palette.heading(`Exercise ${exercise.number}: ${exercise.title}`));
  out.push(
    palette.dim(
      `${exercise.id} · topic ${exercise.topic} · difficulty ${difficultyStars(exercise.difficulty)} · dataset ${exercise.dataset} · ${view.engine.description}`,
    ),
  );
  out.push('', exercise.prompt, '');
  if (view.tables.length > 0) {
    out.push(palette.heading('Tables'));
    for (const table of view.tables) out.push(...renderTable(table));
    out.push('');
  }
  if (exercise.setup.trim() !== '')
    out.push(palette.heading('Setup (run before the query)'), indent(exercise.setup.trim()), '');
  out.push(palette.heading('Query'), indent(exercise.query), '');
  if (view.plan !== undefined) {
    const options = exercise.explain.analyze ? 'EXPLAIN (ANALYZE)' : 'EXPLAIN';
    out.push(palette.heading(`Plan (${options})`), drawPlan(view.plan, { palette, notes: false }), '');
  } else {
    out.push(palette.dim('The plan is hidden: a question asks you to predict it.'), '');
  }
  if (view.facts.length > 0) {
    out.push(palette.heading('Facts'));
    for (const fact of view.facts) out.push(`  ${fact.label}: ${fact.value}`);
    out.push('');
  }
  out.push(palette.heading('Questions'));
  const flags: string[] = [];
  for (const question of view.questions) {
    const tolerance = question.tolerance === undefined ? '' : `, ${question.tolerance}`;
    out.push(`  ${palette.code(question.name)} (${question.kind}${tolerance}): ${question.ask}`);
    for (const option of question.options ?? []) {
      out.push(`      ${option.key}) ${option.text}`);
      if (option.query !== undefined)
        out.push(palette.dim(`         ${option.query.replace(/\s*\n\s*/g, ' ')}`));
    }
    if (question.kind === 'fix') {
      const allowed = [
        question.allowRewrite === true
          ? 'a rewritten query may end your SQL'
          : 'change the database, not the query',
        question.allowSettings !== undefined && question.allowSettings.length > 0
          ? `you may SET ${question.allowSettings.join(', ')}`
          : 'no SET',
      ];
      out.push(palette.dim(`      (${allowed.join('; ')})`));
      flags.push(`--sql fix.sql`);
    } else {
      flags.push(`--q ${question.name}=…`);
    }
  }
  out.push(
    '',
    palette.dim(`Answer with: dbplay explain answer ${exercise.number} ${flags.join(' ')}`),
    palette.dim(`Stuck? dbplay explain hint ${exercise.number} (${plural(exercise.hints.length, 'hint')})`),
  );
  return out.join('\n');
}

function renderTable(table: TableDescription): string[] {
  const size = `${formatCount(table.rows)} rows, ${formatCount(table.pages)} pages${
    table.partitions > 0 ? `, ${table.partitions} partitions` : ''
  }`;
  const lines = [`  ${table.name} (${size})`];
  lines.push(`    ${table.columns.map((column) => `${column.name} ${column.type}`).join(', ')}`);
  for (const index of table.indexes)
    lines.push(`    ${index.replace(/ USING btree/, '').replace(/^CREATE /, '')}`);
  return lines;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
