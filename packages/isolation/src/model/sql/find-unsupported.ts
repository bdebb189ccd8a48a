/**
 * Every place a scenario steps outside the model's SQL subset, not only the first.
 *
 * The model refuses a scenario before anything runs (model-engine.ts). A learner adapting a
 * spec — or someone measuring how far the subset is from PostgreSQL's own isolation suite —
 * needs the whole list at once: each block (the setup, a session's setup, each step), each
 * statement in it, and the construct it uses. The parser stops at the first construct of a
 * statement it cannot take, so a statement contributes one entry; every statement is tried.
 */

import { BadInputError, splitStatements } from '@dbplay/core';
import type { Scenario } from '../../spec/scenario.ts';
import { parseStatement, UnsupportedSqlError } from './parse-sql.ts';
import { SqlSyntaxError } from './sql-tokens.ts';

export interface UnsupportedUse {
  /** `the setup block`, `session T1's setup`, `step s1a`. */
  readonly where: string;
  /** The line of the block in the spec file. */
  readonly line: number;
  /** `unsupported`: a construct the model does not have; `unreadable`: SQL its parser cannot read. */
  readonly kind: 'unsupported' | 'unreadable';
  /** The construct (`NOWAIT`, `the type numeric …`) or what the parser expected. */
  readonly construct: string;
  /** The block's SQL on one line, shortened. */
  readonly excerpt: string;
}

/** Every statement of the scenario the model cannot run, in the order of the file. */
export function findUnsupported(scenario: Scenario): UnsupportedUse[] {
  const uses: UnsupportedUse[] = [];
  for (const block of blocksOf(scenario)) {
    const seen = new Set<string>();
    for (const { text: statement } of splitStatements(block.sql)) {
      const problem = problemOf(statement);
      if (problem === null || seen.has(problem.construct)) continue;
      seen.add(problem.construct);
      uses.push({ where: block.where, line: block.line, ...problem, excerpt: excerptOf(block.sql) });
    }
  }
  return uses;
}

/** The scenario's SQL blocks, named as a message names them, in the order of the file. */
function blocksOf(scenario: Scenario): { where: string; sql: string; line: number }[] {
  return [
    ...scenario.setup.map((block) => ({ where: 'the setup block', sql: block.sql, line: block.line })),
    ...scenario.sessions.flatMap((session) => [
      ...(session.setup === null
        ? []
        : [{ where: `session ${session.name}'s setup`, sql: session.setup.sql, line: session.setup.line }]),
      ...session.steps.map((step) => ({ where: `step ${step.name}`, sql: step.sql, line: step.line })),
    ]),
  ];
}

function problemOf(statement: string): Pick<UnsupportedUse, 'kind' | 'construct'> | null {
  try {
    parseStatement(statement);
    return null;
  } catch (error) {
    if (error instanceof UnsupportedSqlError) return { kind: 'unsupported', construct: error.construct };
    if (error instanceof SqlSyntaxError) return { kind: 'unreadable', construct: error.message };
    throw error;
  }
}

function excerptOf(sql: string): string {
  const excerpt = sql.trim().replace(/\s+/g, ' ');
  return excerpt.length > 60 ? `${excerpt.slice(0, 57)}…` : excerpt;
}

/** What a use says in a message: `step s1a uses NOWAIT` or `… is not SQL the model can read: …`. */
export function describeUse(use: UnsupportedUse): string {
  return use.kind === 'unsupported'
    ? `${use.where} uses ${use.construct}`
    : `${use.where} is not SQL the model can read: ${use.construct}`;
}

/**
 * The model's refusal of a scenario (exit 2): the first use in the message, with its line,
 * then every other one, so that a scenario can be adapted in one go. `uses` keeps them as data,
 * so that a caller can say it in its own words (the shell names the statement just typed).
 */
export class OutsideSubsetError extends BadInputError {
  readonly uses: readonly UnsupportedUse[];

  constructor(file: string, uses: readonly [UnsupportedUse, ...UnsupportedUse[]]) {
    const [first, ...others] = uses;
    const more =
      others.length === 0
        ? ''
        : `; and ${others.length} more: ${others.map((use) => `${describeUse(use)} (line ${use.line})`).join('; ')}`;
    super(
      `${describeUse(first)}${first.kind === 'unsupported' ? ', which the model engine does not support' : ''} ("${first.excerpt}")${more}`,
      {
        location: { file, line: first.line },
        hint: 'the model runs a SQL subset (see the README, "Isolation anomalies"); run this scenario on a real engine: --engine postgres or --engine sqlite',
      },
    );
    this.name = 'OutsideSubsetError';
    this.uses = uses;
  }
}
