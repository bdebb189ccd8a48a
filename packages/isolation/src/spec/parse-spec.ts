/**
 * Parsing a scenario file in PostgreSQL's isolation-tester format.
 *
 * The grammar is PostgreSQL's (src/test/isolation/specparse.y), in order:
 *
 *     spec        := ( setup {SQL} | teardown {SQL} )*  session+  permutation*
 *     session     := session NAME  [setup {SQL}]  (step NAME {SQL})+  [teardown {SQL}]
 *     permutation := permutation  STEP ( '(' marker, … ')' )?  …
 *
 * Names are bare identifiers or "double quoted"; `#` starts a comment anywhere outside SQL.
 * Besides PostgreSQL's bare form, where a session runs until the next `session` or
 * `permutation` keyword, dbplay accepts a session body in braces, `session T1 { … }`.
 *
 * The checks PostgreSQL's tester makes are made here too, each with the file and line:
 * a step name used twice, a permutation naming a step that does not exist, a step no
 * permutation uses; plus everything the scanner can find (an unbalanced brace, an
 * unterminated string or name).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError, didYouMean } from '@dbplay/core';
import { readSqlBlock } from './read-sql-block.ts';
import type {
  Permutation,
  PermutationStep,
  Scenario,
  ScenarioSession,
  ScenarioStep,
  SqlBlock,
  StepMarker,
} from './scenario.ts';
import { SpecCursor } from './spec-cursor.ts';
import { readHeaderMetadata } from './spec-metadata.ts';

const keywords = ['setup', 'teardown', 'session', 'step', 'permutation'];

/** Parses the text of a spec; `file` is used in error messages and to name the scenario. */
export function parseSpec(text: string, file = '<inline>'): Scenario {
  const header = readHeaderMetadata(text, file);
  const cursor = new SpecCursor(text, file);
  const setup: SqlBlock[] = [];
  let teardown: SqlBlock | null = null;
  const sessions: ScenarioSession[] = [];
  const permutations: Permutation[] = [];
  const stepLines = new Map<string, number>();

  for (;;) {
    cursor.skipSpaceAndComments();
    if (cursor.atEnd()) break;
    const word = expectKeyword(
      cursor,
      sessions.length === 0 ? 'setup, teardown or session' : 'session or permutation',
    );
    if (word.text === 'setup' || word.text === 'teardown') {
      if (sessions.length > 0) {
        throw cursor.error(
          `a ${word.text} block after the sessions belongs to no session: global setup and teardown come before the first session`,
          word.line,
        );
      }
      const block = expectSqlBlock(cursor, word.text);
      if (word.text === 'setup') setup.push(block);
      else if (teardown !== null)
        throw cursor.error(`a second teardown block (the first is on line ${teardown.line})`, word.line);
      else teardown = block;
    } else if (word.text === 'session') {
      if (permutations.length > 0) {
        throw cursor.error('sessions come before the permutation lines', word.line);
      }
      const session = parseSession(cursor, word.line, stepLines);
      const twin = sessions.find((s) => s.name === session.name);
      if (twin !== undefined) {
        throw cursor.error(
          `duplicate session name '${session.name}' (first defined on line ${twin.line})`,
          session.line,
        );
      }
      sessions.push(session);
    } else if (word.text === 'permutation') {
      if (sessions.length === 0) throw cursor.error('a permutation before any session', word.line);
      permutations.push(parsePermutation(cursor, word.line, stepLines));
    } else {
      throw cursor.error(`'${word.text}' must follow a session`, word.line);
    }
  }

  if (sessions.length === 0) {
    throw new BadInputError('the scenario has no sessions (add: session NAME, then step NAME { SQL })', {
      location: { file, line: cursor.line },
    });
  }
  checkEveryStepUsed(sessions, permutations, file);

  return {
    id: header.id ?? scenarioIdFromFile(file),
    file,
    metadata: header.metadata,
    setup,
    teardown,
    sessions,
    permutations,
    source: text,
  };
}

/** Reads and parses a spec file; a missing or unreadable file is bad input. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    throw new BadInputError(`cannot read scenario file ${path} (${reason})`, { cause: error });
  }
  return parseSpec(text, path);
}

function scenarioIdFromFile(file: string): string {
  return basename(file).replace(/\.spec$/, '');
}

function parseSession(cursor: SpecCursor, line: number, stepLines: Map<string, number>): ScenarioSession {
  cursor.skipSpaceAndComments();
  const name = expectName(cursor, 'a session name after session');
  cursor.skipSpaceAndComments();
  const braced = cursor.peek() === '{';
  if (braced) cursor.advance();

  let setup: SqlBlock | null = null;
  let teardown: SqlBlock | null = null;
  const steps: ScenarioStep[] = [];
  for (;;) {
    cursor.skipSpaceAndComments();
    if (braced && cursor.peek() === '}') {
      cursor.advance();
      break;
    }
    if (!braced && (cursor.atEnd() || !nextWordIsOneOf(cursor, ['setup', 'step', 'teardown']))) break;
    if (braced && cursor.atEnd()) {
      throw cursor.error(
        `unterminated session body (the '{' of session ${name.text} on line ${line} has no matching '}')`,
        line,
      );
    }
    const word = expectKeyword(
      cursor,
      braced ? "setup, step, teardown or the session's closing '}'" : 'setup, step or teardown',
    );
    if (word.text === 'setup') {
      if (steps.length > 0)
        throw cursor.error(
          `a setup block after session ${name.text}'s steps: a session's setup comes before its steps, and global setup blocks before the first session`,
          word.line,
        );
      if (setup !== null)
        throw cursor.error(
          `session ${name.text} has a second setup block (the first is on line ${setup.line})`,
          word.line,
        );
      setup = expectSqlBlock(cursor, 'setup');
    } else if (word.text === 'teardown') {
      if (teardown !== null)
        throw cursor.error(`session ${name.text} has a second teardown block`, word.line);
      teardown = expectSqlBlock(cursor, 'teardown');
    } else if (word.text === 'step') {
      if (teardown !== null)
        throw cursor.error(`session ${name.text}'s steps must come before its teardown`, word.line);
      cursor.skipSpaceAndComments();
      const stepName = expectName(cursor, 'a step name after step');
      const first = stepLines.get(stepName.text);
      if (first !== undefined) {
        throw cursor.error(
          `duplicate step name '${stepName.text}' (first defined on line ${first})`,
          stepName.line,
        );
      }
      stepLines.set(stepName.text, stepName.line);
      const block = expectSqlBlock(cursor, `step ${stepName.text}`);
      steps.push({ name: stepName.text, session: name.text, sql: block.sql, line: stepName.line });
    } else {
      throw cursor.error(
        `expected setup, step or teardown in session ${name.text}, found '${word.text}'`,
        word.line,
      );
    }
  }
  if (steps.length === 0) throw cursor.error(`session ${name.text} has no steps`, line);
  return { name: name.text, line, setup, teardown, steps };
}

function parsePermutation(cursor: SpecCursor, line: number, stepLines: Map<string, number>): Permutation {
  const steps: PermutationStep[] = [];
  for (;;) {
    cursor.skipSpaceAndComments();
    if (cursor.atEnd() || nextWordIsOneOf(cursor, ['permutation']) || !cursor.atIdentifier()) break;
    const name = cursor.readWord();
    if (!stepLines.has(name.text)) {
      throw cursor.error(
        `unknown step '${name.text}' in permutation${didYouMean(name.text, [...stepLines.keys()])}`,
        name.line,
      );
    }
    steps.push({ name: name.text, markers: parseMarkers(cursor, stepLines) });
  }
  if (!cursor.atEnd() && !nextWordIsOneOf(cursor, ['permutation'])) {
    throw cursor.error(`unexpected ${cursor.describeHere()} in a permutation (expected a step name)`);
  }
  if (steps.length === 0) throw cursor.error('a permutation with no steps', line);
  return { line, steps };
}

/** `(*)`, `(s2b)`, `(s2b notices 1)`, or several separated by commas; none when no `(` follows. */
function parseMarkers(cursor: SpecCursor, stepLines: Map<string, number>): StepMarker[] {
  if (cursor.peek() !== '(') return [];
  const open = cursor.line;
  cursor.advance();
  const markers: StepMarker[] = [];
  for (;;) {
    cursor.skipSpaceAndComments();
    if (cursor.peek() === '*') {
      cursor.advance();
      markers.push({ kind: 'waits-at-once' });
    } else if (cursor.atIdentifier()) {
      const other = cursor.readWord();
      if (!stepLines.has(other.text)) {
        throw cursor.error(
          `unknown step '${other.text}' in a marker${didYouMean(other.text, [...stepLines.keys()])}`,
          other.line,
        );
      }
      cursor.skipSpaceAndComments();
      if (nextWordIsOneOf(cursor, ['notices'])) {
        cursor.readWord();
        cursor.skipSpaceAndComments();
        const notices = cursor.readInteger();
        if (notices === null) throw cursor.error("expected a number after 'notices'");
        markers.push({ kind: 'after-notices', step: other.text, notices });
      } else {
        markers.push({ kind: 'after-step', step: other.text });
      }
    } else {
      throw cursor.error(`unexpected ${cursor.describeHere()} in a step marker (expected *, or a step name)`);
    }
    cursor.skipSpaceAndComments();
    if (cursor.peek() === ',') {
      cursor.advance();
      continue;
    }
    if (cursor.peek() === ')') {
      cursor.advance();
      return markers;
    }
    throw cursor.error(`unterminated step marker (the '(' on line ${open} has no matching ')')`, open);
  }
}

function checkEveryStepUsed(
  sessions: readonly ScenarioSession[],
  permutations: readonly Permutation[],
  file: string,
): void {
  if (permutations.length === 0) return;
  const used = new Set(permutations.flatMap((p) => p.steps.map((s) => s.name)));
  for (const step of sessions.flatMap((s) => s.steps)) {
    if (!used.has(step.name)) {
      throw new BadInputError(
        `step '${step.name}' is in no permutation (PostgreSQL's tester refuses unused steps too)`,
        {
          location: { file, line: step.line },
        },
      );
    }
  }
}

function expectKeyword(cursor: SpecCursor, expected: string): { text: string; line: number } {
  if (cursor.peek() === '}') {
    throw cursor.error(`unexpected '}' (no block or session body is open here)`);
  }
  if (cursor.peek() === '{') {
    throw cursor.error(`unexpected '{': a SQL block must follow setup, teardown or step NAME`);
  }
  if (!cursor.atIdentifier() || cursor.peek() === '"') {
    throw cursor.error(`expected ${expected}, found ${cursor.describeHere()}`);
  }
  const word = cursor.readWord();
  if (!keywords.includes(word.text)) {
    throw cursor.error(
      `expected ${expected}, found '${word.text}'${didYouMean(word.text, keywords)}`,
      word.line,
    );
  }
  return word;
}

function expectName(cursor: SpecCursor, what: string): { text: string; line: number } {
  if (!cursor.atIdentifier()) throw cursor.error(`expected ${what}, found ${cursor.describeHere()}`);
  const word = cursor.readWord();
  if (!word.quoted && keywords.includes(word.text)) {
    throw cursor.error(
      `expected ${what}, found the keyword '${word.text}' (quote it to use it as a name)`,
      word.line,
    );
  }
  return word;
}

function expectSqlBlock(cursor: SpecCursor, owner: string): SqlBlock {
  cursor.skipSpaceAndComments();
  if (cursor.peek() !== '{') {
    throw cursor.error(`expected a '{ SQL }' block after ${owner}, found ${cursor.describeHere()}`);
  }
  return readSqlBlock(cursor);
}

/** Whether the next bare word is one of `words` (without consuming it). */
function nextWordIsOneOf(cursor: SpecCursor, words: readonly string[]): boolean {
  const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(cursor.text.slice(cursor.offset, cursor.offset + 32));
  return match !== null && words.includes(match[0]);
}
