/**
 * What a console session has typed, written as an isolation-tester spec.
 *
 * Two psql windows side by side are the classic way to learn isolation: type a statement in
 * one, then in the other, and watch who waits. PostgreSQL's isolation tester writes the same
 * experiment down as a spec file (src/test/isolation/README): a setup, one `session` per
 * window with its `step`s, and a `permutation` that says in which order the steps were typed.
 * The console keeps exactly that, so what a learner typed is a spec at every moment: it runs
 * as one (isolation-console.ts reruns it after each statement), `\save` writes it, and
 * `dbplay isolation run FILE.spec` replays it step for step.
 *
 * One thing a learner does not type is how each transaction begins. The console begins a
 * session's transaction before its first statement (and again after a COMMIT or ROLLBACK),
 * at the level chosen with `\level`, as `isolation run` does for the catalog; here the begin
 * is a step of its own (`begin` below) so that the spec says it and every engine reads it the
 * same way. Its SQL is written when the spec is, from the engine and level of the run: that is
 * how `\replay --engine sqlite` turns `BEGIN ISOLATION LEVEL SERIALIZABLE` into `BEGIN`.
 */
import { BadInputError } from '@dbplay/core';

export interface ConsoleStep {
  /** Unique in the spec: `a1`, `a2` … per session, or a loaded scenario's own name. */
  readonly name: string;
  readonly session: string;
  /** The SQL typed; empty for a begin step, whose SQL depends on the engine. */
  readonly sql: string;
  /** Whether the console added it to begin the session's transaction. */
  readonly begin: boolean;
}

export interface ConsoleSession {
  readonly name: string;
  /** A loaded scenario's session setup block (run on the session's connection first), or null. */
  readonly setup: string | null;
  readonly teardown: string | null;
  readonly steps: ConsoleStep[];
}

export interface ConsoleSchedule {
  /** Setup blocks, run once before the sessions connect. */
  readonly setup: readonly string[];
  readonly sessions: readonly ConsoleSession[];
  /** The steps in the order they were typed, by name (a loaded step can appear twice). */
  readonly permutation: readonly string[];
}

/** Where the spec came from, for its header comment. */
export interface SpecHeader {
  readonly title: string;
  readonly engine: string;
  readonly level: string;
}

/**
 * The schedule as spec text. `beginStatement` gives the SQL of the begin steps (the engine's
 * own: `BEGIN ISOLATION LEVEL SERIALIZABLE`, SQLite's `BEGIN IMMEDIATE`). Sessions and steps
 * that never ran are left out: the tester refuses a step in no permutation.
 */
export function scheduleSpec(
  schedule: ConsoleSchedule,
  beginStatement: string,
  header: SpecHeader | null = null,
): string {
  const used = new Set(schedule.permutation);
  const lines: string[] = [];
  if (header !== null) {
    lines.push(
      `# title: ${header.title}`,
      `# Typed in dbplay shell on the ${header.engine} engine at ${header.level}; replay it with`,
      `#   dbplay isolation run THIS-FILE.spec --engine ${header.engine} --level ${header.level}`,
      '',
    );
  }
  for (const sql of schedule.setup) lines.push(`setup ${block(sql)}`);
  for (const session of schedule.sessions) {
    const steps = session.steps.filter((step) => used.has(step.name));
    if (steps.length === 0) continue;
    lines.push('', `session ${session.name}`);
    if (session.setup !== null) lines.push(`setup ${block(session.setup)}`);
    for (const step of steps) {
      lines.push(`step ${step.name} ${block(step.begin ? `${beginStatement};` : step.sql)}`);
    }
    if (session.teardown !== null) lines.push(`teardown ${block(session.teardown)}`);
  }
  lines.push('', `permutation ${schedule.permutation.join(' ')}`, '');
  return lines.join('\n');
}

/**
 * SQL in braces, on one line when it fits. The spec format ends a block at the first `}`, so
 * SQL holding one cannot be written down (the tester has the same limit).
 */
function block(sql: string): string {
  const text = sql.trim();
  if (text.includes('}')) {
    throw new BadInputError(`a step cannot contain '}': the spec format ends a block there (${text})`);
  }
  return text.includes('\n') ? `{\n  ${text.split('\n').join('\n  ')}\n}` : `{ ${text} }`;
}

/** A step name not yet taken: the session's name and the next number (`a1`, `a2` …). */
export function nextStepName(session: ConsoleSession, taken: ReadonlySet<string>): string {
  for (let n = session.steps.length + 1; ; n++) {
    const name = `${session.name}${n}`;
    if (!taken.has(name)) return name;
  }
}
