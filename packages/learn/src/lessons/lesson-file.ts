/**
 * The lesson file format (`exercises/lessons/NN-<id>.yaml`), read and checked.
 *
 * Like the EXPLAIN exercise files (whose YAML reader this shares), every field is checked
 * as it is read and the first problem is reported with the file, the line and the field
 * path (`run.answer`, `checkpoint.options[2].key`). In short:
 *
 *   id, title, topic, goal, intro,
 *   checkpoint { ask, kind: choice | number, options? [{ key, text, value? }], tolerance?, answer },
 *   run { kind: sql | explain | isolation | btree | btree-vs-lsm, … },
 *   explanation, explore [commands]
 *
 * The file's `checkpoint.answer` is the author's expectation; the learner is graded against
 * the value the run produces, and validation checks that the two agree.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError } from '@dbplay/core';
import { parseYaml, readTolerance, YamlReader } from '@dbplay/explain';
import {
  btreeAnswers,
  type Checkpoint,
  type CheckpointOption,
  isolationAnswers,
  type Lesson,
  type LessonRun,
  lessonTopics,
  runKinds,
  simulationAnswers,
} from './lesson.ts';

const lessonFields = ['id', 'title', 'topic', 'goal', 'intro', 'checkpoint', 'run', 'explanation', 'explore'];
const workloads = ['insert', 'update', 'lookup', 'range', 'mixed'];

export async function readLessonFile(file: string): Promise<Lesson> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`cannot read lesson file ${file}`, { cause: error });
  }
  return parseLesson(text, file);
}

export function parseLesson(text: string, file: string): Lesson {
  const root = new YamlReader(file, parseYaml(text, file));
  if (!root.isMap()) throw root.error('a lesson file must be a mapping of fields (id, title, …)');
  root.keys(lessonFields);
  const fileName = /^(\d+)-([a-z0-9-]+)\.ya?ml$/.exec(basename(file));
  if (fileName === null) {
    throw new BadInputError(
      `a lesson file is named NN-<id>.yaml, like 03-hot-updates.yaml; got ${basename(file)}`,
      { location: { file, line: 1 } },
    );
  }
  const id = root.get('id').string();
  if (id !== fileName[2]) {
    throw root.get('id').error(`'${id}' does not match the file name, which says '${fileName[2]}'`);
  }
  const explore = root
    .get('explore')
    .items()
    .map((item) => {
      const command = item.string().trim();
      if (!command.startsWith('dbplay ')) throw item.error(`'${command}' must be a dbplay command line`);
      return command;
    });
  if (explore.length === 0) throw root.get('explore').error('needs at least one command to explore further');
  return {
    number: Number(fileName[1]),
    id,
    title: root.get('title').string(),
    topic: root.get('topic').oneOf(lessonTopics),
    goal: root.get('goal').string().trim(),
    intro: root.get('intro').string().trim(),
    checkpoint: readCheckpoint(root.get('checkpoint')),
    run: readRun(root.get('run')),
    explanation: root.get('explanation').string().trim(),
    explore,
    file,
    location: { file, line: 1 },
  };
}

function readCheckpoint(field: YamlReader): Checkpoint {
  const kind = field.get('kind').oneOf(['choice', 'number'] as const);
  const ask = field.get('ask').string().trim();
  if (kind === 'choice') {
    field.keys(['kind', 'ask', 'options', 'answer']);
    const options = field.get('options').items().map(readOption);
    if (options.length < 2) throw field.get('options').error('a choice needs at least two options');
    for (const list of [options.map((o) => o.key), options.map((o) => o.value.toLowerCase())]) {
      const twice = list.find((key, index) => list.indexOf(key) !== index);
      if (twice !== undefined) throw field.get('options').error(`'${twice}' is used by two options`);
    }
    const answer = field.get('answer').oneOf(options.map((option) => option.key));
    return { kind, ask, options, answer };
  }
  field.keys(['kind', 'ask', 'tolerance', 'answer']);
  return {
    kind,
    ask,
    tolerance: readTolerance(field.get('tolerance')),
    answer: field.get('answer').number(),
  };
}

function readOption(field: YamlReader): CheckpointOption {
  field.keys(['key', 'text', 'value']);
  const key = field.get('key').string();
  if (!/^[a-z0-9]+$/.test(key)) throw field.get('key').error(`'${key}' must be lower-case letters or digits`);
  return {
    key,
    text: field.get('text').string().trim(),
    value: field.optional('value')?.string() ?? key,
  };
}

function readRun(field: YamlReader): LessonRun {
  const kind = field.get('kind').oneOf(runKinds);
  switch (kind) {
    case 'sql':
      field.keys(['kind', 'sql', 'answer']);
      return { kind, sql: field.get('sql').string(), answer: field.get('answer').string() };
    case 'explain': {
      field.keys(['kind', 'dataset', 'sql', 'analyze', 'answer']);
      const answer = field.get('answer');
      if (!answer.isMap())
        throw answer.error('must name a node and a field: { node: Seq Scan, field: rows }');
      const keys = answer.keys(['node', 'relation', 'index', 'join_type', 'role', 'field']);
      if (!keys.includes('field')) throw answer.error("missing field 'field'");
      const select: Record<string, string> = {};
      for (const key of keys) if (key !== 'field') select[key] = answer.get(key).string();
      return {
        kind,
        dataset: field.get('dataset').string(),
        sql: field.get('sql').string(),
        analyze: field.optional('analyze')?.boolean() ?? false,
        answer: { select, field: answer.get('field').string() },
      };
    }
    case 'isolation': {
      field.keys(['kind', 'scenario', 'engine', 'level', 'permutation', 'answer']);
      const permutation = field.optional('permutation')?.number() ?? 1;
      if (!Number.isInteger(permutation) || permutation < 1) {
        throw field.get('permutation').error('must be a whole number from 1');
      }
      const engine = field.get('engine').oneOf(['postgres', 'sqlite', 'model'] as const);
      const answer = field.get('answer').oneOf(isolationAnswers);
      // Only the model reports its VACUUMs as data; PostgreSQL prints them (VACUUM VERBOSE).
      if (answer.startsWith('vacuum-') && engine !== 'model') {
        throw field.get('answer').error(`a ${answer} answer needs engine: model`);
      }
      return {
        kind,
        scenario: field.get('scenario').string(),
        engine,
        level: field.get('level').string(),
        permutation,
        answer,
      };
    }
    case 'btree': {
      field.keys(['kind', 'order', 'insert', 'find', 'answer']);
      const order = field.get('order').number();
      const insert = readKeys(field.get('insert'));
      const answer = field.get('answer').oneOf(btreeAnswers);
      const find = field.optional('find')?.number();
      if (answer === 'pages-read' && find === undefined) {
        throw field.error("a pages-read answer needs 'find', the key looked up");
      }
      return { kind, order, insert, find, answer };
    }
    case 'sessions': {
      field.keys(['kind', 'steps', 'answer']);
      const steps = field
        .get('steps')
        .items()
        .map((item) => {
          item.keys(['session', 'sql']);
          return { session: readSessionName(item.get('session')), sql: item.get('sql').string() };
        });
      if (steps.length === 0) throw field.get('steps').error('needs at least one step');
      const answer = field.get('answer');
      answer.keys(['session', 'sql']);
      return {
        kind,
        steps,
        answer: { session: readSessionName(answer.get('session')), sql: answer.get('sql').string() },
      };
    }
    case 'lsm-simulate': {
      field.keys(['kind', 'strategy', 'iterations', 'answer']);
      const iterations = field.get('iterations').number();
      if (!Number.isInteger(iterations) || iterations < 1 || iterations > 1000) {
        throw field.get('iterations').error('must be a whole number from 1 to 1000');
      }
      return {
        kind,
        strategy: field.get('strategy').oneOf(['simple', 'tiered', 'leveled'] as const),
        iterations,
        answer: field.get('answer').oneOf(simulationAnswers),
      };
    }
    case 'btree-vs-lsm': {
      field.keys(['kind', 'workload', 'n', 'answer']);
      const n = field.get('n').number();
      if (!Number.isInteger(n) || n < 1) throw field.get('n').error('must be a whole number from 1');
      return {
        kind,
        workload: field.get('workload').oneOf(workloads),
        n,
        answer: field.get('answer').string(),
      };
    }
  }
}

function readSessionName(field: YamlReader): string {
  const name = field.string();
  if (!/^[a-z][a-z0-9]*$/.test(name))
    throw field.error(`'${name}' must be a short lower-case name, like a or t1`);
  return name;
}

/** `1..20`, `20..1` or a list of whole numbers. */
function readKeys(field: YamlReader): number[] {
  if (field.isList()) return field.items().map((item) => item.number());
  const text = field.string();
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text.trim());
  if (range === null) throw field.error(`'${text}' must be a list of numbers or a range like 1..20`);
  const from = Number(range[1]);
  const to = Number(range[2]);
  if (Math.abs(to - from) > 100_000) throw field.error('a range of at most 100,000 keys');
  const step = from <= to ? 1 : -1;
  const keys: number[] = [];
  for (let key = from; key !== to + step; key += step) keys.push(key);
  return keys;
}
