/**
 * The exercise file format (`exercises/explain/NN-<id>.yaml`), read and checked.
 *
 * Every field is checked as it is read, and the first problem is reported with the file,
 * the line and the field. The format, field by field, is in the README
 * ("EXPLAIN exercises"); in short:
 *
 *   id, title, topic, difficulty (1–5), dataset, checked_on, setup?, query,
 *   explain? { analyze, buffers }, show_plan?, prompt, facts?, questions, hints,
 *   explanation, docs
 *
 * A question has a name, a kind (choice, name, number, fix), the question text (`ask`), a
 * reference answer, and what the grader reads from the plan: options with a `when`
 * condition, an `expect` measure (with a `tolerance` for numbers), or the `require`
 * conditions a fixed plan must meet.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError } from '@dbplay/core';
import {
  type ChoiceOption,
  type Comparison,
  type Condition,
  type Exercise,
  type Fact,
  type Measure,
  type NodeSelector,
  nameFields,
  nodeFields,
  type Question,
} from './exercise.ts';
import { readTolerance } from './tolerance.ts';
import { parseYaml, YamlReader } from './yaml-reader.ts';

const exerciseFields = [
  'id',
  'title',
  'topic',
  'difficulty',
  'dataset',
  'checked_on',
  'setup',
  'query',
  'explain',
  'show_plan',
  'prompt',
  'facts',
  'questions',
  'hints',
  'explanation',
  'docs',
];
const selectorFields = [
  'node',
  'relation',
  'index',
  'join_type',
  'strategy',
  'sort_space_type',
  'role',
  'parent',
];
const comparisons: readonly Comparison[] = ['at_most', 'at_least', 'below', 'above', 'equals'];

export interface ExerciseFileContext {
  /** The datasets that exist, so a misspelt dataset is caught with the file's line. */
  readonly datasets: readonly string[];
}

export async function readExerciseFile(file: string, context: ExerciseFileContext): Promise<Exercise> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`cannot read exercise file ${file}`, { cause: error });
  }
  return parseExercise(text, file, context);
}

export function parseExercise(text: string, file: string, context: ExerciseFileContext): Exercise {
  const root = new YamlReader(file, parseYaml(text, file));
  if (!root.isMap()) throw root.error('an exercise file must be a mapping of fields (id, title, …)');
  root.keys(exerciseFields);

  const fileName = /^(\d+)-([a-z0-9-]+)\.ya?ml$/.exec(basename(file));
  if (fileName === null) {
    throw new BadInputError(
      `an exercise file is named NN-<id>.yaml, like 07-loops.yaml; got ${basename(file)}`,
      {
        location: { file, line: 1 },
      },
    );
  }
  const id = root.get('id').string();
  if (id !== fileName[2]) {
    throw root.get('id').error(`'${id}' does not match the file name, which says '${fileName[2]}'`);
  }

  const difficultyField = root.get('difficulty');
  const difficulty = difficultyField.number();
  if (![1, 2, 3, 4, 5].includes(difficulty))
    throw difficultyField.error('must be a whole number from 1 to 5');

  const datasetField = root.get('dataset');
  const dataset = datasetField.oneOf(context.datasets);

  const explainField = root.optional('explain');
  explainField?.keys(['analyze', 'buffers']);
  const explain = {
    analyze: explainField?.optional('analyze')?.boolean() ?? false,
    buffers: explainField?.optional('buffers')?.boolean() ?? false,
  };

  const questionFields = root.get('questions').items();
  const questions = questionFields.map((item) => readQuestion(item));
  if (questions.length === 0) throw root.get('questions').error('needs at least one question');
  const names = new Set<string>();
  questions.forEach((question, index) => {
    if (names.has(question.name)) {
      throw (questionFields[index] as YamlReader)
        .get('name')
        .error(`the name '${question.name}' is used twice`);
    }
    names.add(question.name);
  });

  const hints = root
    .get('hints')
    .items()
    .map((hint) => hint.string());
  if (hints.length === 0) throw root.get('hints').error('needs at least one hint');

  const docsField = root.get('docs');
  const docs = docsField.string();
  if (!/^https:\/\/www\.postgresql\.org\/docs\//.test(docs)) {
    throw docsField.error('must link to the PostgreSQL documentation (https://www.postgresql.org/docs/…)');
  }

  return {
    number: Number(fileName[1]),
    id,
    title: root.get('title').string(),
    topic: root.get('topic').string(),
    difficulty: difficulty as Exercise['difficulty'],
    dataset,
    checkedOn: root
      .get('checked_on')
      .items()
      .map((item) => item.string()),
    setup: root.optional('setup')?.string() ?? '',
    query: root.get('query').string().trim(),
    explain,
    showPlan: root.optional('show_plan')?.boolean() ?? true,
    prompt: root.get('prompt').string().trim(),
    facts: (root.optional('facts')?.items() ?? []).map(readFact),
    questions,
    hints,
    explanation: root.get('explanation').string().trim(),
    docs,
    file,
  };
}

function readFact(field: YamlReader): Fact {
  field.keys(['label', 'sql', 'measure']);
  const label = field.get('label').string();
  if (field.has('sql')) return { label, measure: { kind: 'sql', sql: field.get('sql').string() } };
  return { label, measure: readMeasure(field.get('measure')) };
}

function readQuestion(field: YamlReader): Question {
  const kind = field.get('kind').oneOf(['choice', 'name', 'number', 'fix'] as const);
  const base = {
    name: readName(field.get('name')),
    ask: field.get('ask').string().trim(),
    location: { file: field.file, line: field.line },
  };
  switch (kind) {
    case 'choice': {
      field.keys(['name', 'kind', 'ask', 'options', 'reference']);
      const options = field.get('options').items().map(readOption);
      if (options.length < 2) throw field.get('options').error('a choice needs at least two options');
      const keys = options.map((option) => option.key);
      const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
      if (duplicate !== undefined) throw field.get('options').error(`the key '${duplicate}' is used twice`);
      const reference = field.get('reference').oneOf(keys);
      return { ...base, kind, options, reference };
    }
    case 'name': {
      field.keys(['name', 'kind', 'ask', 'expect', 'reference']);
      const expectField = field.get('expect');
      const expect = readMeasure(expectField);
      if (expect.kind !== 'field' || !nameFields.includes(expect.field)) {
        throw expectField.error(`a name question reads one of the fields ${nameFields.join(', ')}`);
      }
      return { ...base, kind, expect, reference: field.get('reference').string() };
    }
    case 'number': {
      field.keys(['name', 'kind', 'ask', 'expect', 'tolerance', 'reference']);
      return {
        ...base,
        kind,
        expect: readMeasure(field.get('expect')),
        tolerance: readTolerance(field.get('tolerance')),
        reference: field.get('reference').number(),
      };
    }
    case 'fix': {
      field.keys(['name', 'kind', 'ask', 'require', 'allow', 'reference']);
      const allow = field.optional('allow');
      allow?.keys(['rewrite', 'settings']);
      const require = field
        .get('require')
        .items()
        .map((item) => readCondition(item, true));
      if (require.length === 0) throw field.get('require').error('a fix needs at least one condition');
      return {
        ...base,
        kind,
        require,
        allowRewrite: allow?.optional('rewrite')?.boolean() ?? false,
        allowSettings: (allow?.optional('settings')?.items() ?? []).map((item) =>
          item.string().toLowerCase(),
        ),
        reference: field.get('reference').string(),
      };
    }
  }
}

function readName(field: YamlReader): string {
  const name = field.string();
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw field.error(`'${name}' must be lower case letters, digits and hyphens, like total-cost`);
  }
  return name;
}

function readOption(field: YamlReader): ChoiceOption {
  field.keys(['key', 'text', 'query', 'when']);
  const query = field.optional('query')?.string();
  return {
    key: field.get('key').string(),
    text: field.get('text').string().trim(),
    ...(query === undefined ? {} : { query: query.trim() }),
    when: readCondition(field.get('when'), false),
  };
}

function readSelector(field: YamlReader): NodeSelector {
  if (!field.isMap())
    throw field.error('must be a node selector such as { node: Seq Scan, relation: orders }');
  field.keys(selectorFields);
  return selectorOf(field);
}

function selectorOf(field: YamlReader): NodeSelector {
  const text = (key: string): string | undefined => field.optional(key)?.string();
  const selector: Record<string, unknown> = {
    node: text('node'),
    relation: text('relation'),
    index: text('index'),
    joinType: text('join_type'),
    strategy: text('strategy'),
    sortSpaceType: text('sort_space_type'),
    role: text('role'),
    parent: field.has('parent') ? readSelector(field.get('parent')) : undefined,
  };
  for (const key of Object.keys(selector)) if (selector[key] === undefined) delete selector[key];
  return selector as NodeSelector;
}

function readMeasure(field: YamlReader): Measure {
  if (!field.isMap())
    throw field.error('must say what to read: { sql: … }, { count: {selector} } or { node: …, field: … }');
  if (field.has('sql')) {
    field.keys(['sql']);
    return { kind: 'sql', sql: field.get('sql').string() };
  }
  if (field.has('count')) {
    field.keys(['count']);
    return { kind: 'count', select: readSelector(field.get('count')) };
  }
  field.keys([...selectorFields, 'field']);
  const fieldName = field.get('field').oneOf(nodeFields);
  return { kind: 'field', select: selectorOf(field), field: fieldName };
}

function readCondition(field: YamlReader, forFix: boolean): Condition {
  if (!field.isMap()) throw field.error('must be a condition such as { present: { node: Index Scan } }');
  const keys = field.keys([
    'present',
    'absent',
    'measure',
    ...comparisons,
    'cost_times_lower',
    'same_rows',
    'sql',
  ]);
  if (field.has('present'))
    return only(field, keys, { kind: 'present', select: readSelector(field.get('present')) });
  if (field.has('absent'))
    return only(field, keys, { kind: 'absent', select: readSelector(field.get('absent')) });
  if (field.has('sql')) return only(field, keys, { kind: 'sql', sql: field.get('sql').string() });
  if (field.has('cost_times_lower') || field.has('same_rows')) {
    if (!forFix)
      throw field.error(
        'cost_times_lower and same_rows compare a fix with the unchanged query; use them in a fix',
      );
    if (field.has('cost_times_lower')) {
      return only(field, keys, { kind: 'cost-times-lower', factor: field.get('cost_times_lower').number() });
    }
    return only(field, keys, {
      kind: 'same-rows',
      order: field.get('same_rows').oneOf(['ordered', 'unordered'] as const),
    });
  }
  if (field.has('measure')) {
    const op = comparisons.find((name) => field.has(name));
    if (op === undefined) throw field.error(`a measure needs a comparison: ${comparisons.join(', ')}`);
    const condition: Condition = {
      kind: 'compare',
      measure: readMeasure(field.get('measure')),
      op,
      value: field.get(op).number(),
    };
    return only(field, keys, condition, 2);
  }
  throw field.error(
    'a condition has one of present, absent, measure (with a comparison), sql, cost_times_lower, same_rows',
  );
}

function only<T>(field: YamlReader, keys: readonly string[], value: T, allowed = 1): T {
  if (keys.length > allowed) throw field.error(`one condition per entry; found ${keys.join(', ')}`);
  return value;
}
