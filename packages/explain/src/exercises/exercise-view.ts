/**
 * What a learner sees before answering: the tables the query reads (columns, indexes,
 * size, after the exercise's setup), the facts the exercise lists (read from the dataset),
 * and the plan, unless a question asks to predict it. Never the answers.
 */

import { formatCount } from '@dbplay/core';
import { evaluateMeasure } from '../grading/evaluate.ts';
import { planJson } from '../plans/plan-json.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { ExerciseRunner, ExerciseTransaction } from '../sessions/exercise-transaction.ts';
import type { EngineInfo } from '../sessions/sql-session.ts';
import type { Exercise, Question } from './exercise.ts';
import { describeTolerance } from './tolerance.ts';

export interface TableDescription {
  readonly name: string;
  readonly rows: number;
  readonly pages: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** `CREATE INDEX` statements, as pg_get_indexdef prints them. */
  readonly indexes: readonly string[];
  /** For a partitioned table: how many partitions. */
  readonly partitions: number;
}

export interface QuestionView {
  readonly name: string;
  readonly kind: Question['kind'];
  readonly ask: string;
  readonly options?: readonly { readonly key: string; readonly text: string; readonly query?: string }[];
  readonly tolerance?: string;
  readonly allowRewrite?: boolean;
  readonly allowSettings?: readonly string[];
}

export interface ExerciseView {
  readonly engine: EngineInfo;
  readonly tables: readonly TableDescription[];
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  /** Undefined when the exercise hides its plan. */
  readonly plan: Plan | undefined;
  readonly questions: readonly QuestionView[];
}

export async function viewExercise(runner: ExerciseRunner, exercise: Exercise): Promise<ExerciseView> {
  const engine = await runner.session.engine();
  return runner.withSetup(exercise, async (tx) => {
    const plan = await tx.explain(exercise.query, exercise.explain);
    const facts: { label: string; value: string }[] = [];
    for (const fact of exercise.facts) {
      const value = await evaluateMeasure(fact.measure, plan, tx);
      facts.push({
        label: fact.label,
        value: typeof value === 'number' ? formatFact(value) : String(value ?? ''),
      });
    }
    const texts = [
      exercise.query,
      ...exercise.questions.flatMap((q) => (q.kind === 'choice' ? q.options.map((o) => o.query ?? '') : [])),
    ];
    return {
      engine,
      tables: await describeTables(tx, texts.join('\n')),
      facts,
      plan: exercise.showPlan ? plan : undefined,
      questions: exercise.questions.map(viewQuestion),
    };
  });
}

function viewQuestion(question: Question): QuestionView {
  const base = { name: question.name, kind: question.kind, ask: question.ask };
  switch (question.kind) {
    case 'choice':
      return {
        ...base,
        options: question.options.map((o) => ({
          key: o.key,
          text: o.text,
          ...(o.query === undefined ? {} : { query: o.query }),
        })),
      };
    case 'number':
      return { ...base, tolerance: describeTolerance(question.tolerance) };
    case 'fix':
      return { ...base, allowRewrite: question.allowRewrite, allowSettings: question.allowSettings };
    case 'name':
      return base;
  }
}

/**
 * The user tables (not partitions) whose names appear in the given SQL, described from
 * the catalog in one query (each round trip to the worker costs a few milliseconds).
 */
async function describeTables(tx: ExerciseTransaction, sql: string): Promise<TableDescription[]> {
  const words = [...new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [])];
  if (words.length === 0) return [];
  const list = words.map((word) => `'${word}'`).join(', ');
  const result = await tx.value(
    `select coalesce(json_agg(t order by t.name), '[]'::json)::text from (
       select c.relname as name,
              greatest(c.reltuples, 0)::float8 as rows,
              c.relpages as pages,
              (select count(*) from pg_inherits i where i.inhparent = c.oid)::int as partitions,
              (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum)
                 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
              (select coalesce(json_agg(pg_get_indexdef(x.indexrelid) order by x.indexrelid), '[]'::json)
                 from pg_index x where x.indrelid = c.oid) as indexes
         from pg_class c
        where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace
          and not c.relispartition and c.relname in (${list})
     ) t`,
  );
  return JSON.parse(String(result)) as TableDescription[];
}

function formatFact(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : String(Math.round(value * 10000) / 10000);
}

/** The JSON document of `dbplay explain show --json`: the view, and the exercise's own fields. Never an answer. */
export function exerciseViewJson(exercise: Exercise, view: ExerciseView) {
  return {
    ok: true as const,
    engine: view.engine,
    exercise: {
      number: exercise.number,
      id: exercise.id,
      title: exercise.title,
      topic: exercise.topic,
      difficulty: exercise.difficulty,
      dataset: exercise.dataset,
      checkedOn: exercise.checkedOn,
      prompt: exercise.prompt,
      setup: exercise.setup,
      query: exercise.query,
      explain: exercise.explain,
      tables: view.tables,
      facts: view.facts,
      plan: planJson(view.plan),
      questions: view.questions,
      hints: exercise.hints.length,
      docs: exercise.docs,
    },
  };
}
