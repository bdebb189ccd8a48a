/**
 * Errors that reach a user.
 *
 * Every failure dbplay expects (a malformed scenario file, a key of the wrong type, a
 * PostgreSQL server that does not answer) is a {@link DbplayError}: it carries the exit
 * code the CLI will use and a message written for the person at the terminal, not for
 * the developer. Anything else that escapes is a bug, and the CLI reports it as one.
 *
 * The exit codes follow the convention of command-line database tools (psql exits 2 on
 * a bad connection, 3 on a script error); dbplay's are documented in the README:
 *
 *   0  success
 *   1  a check or a grade failed (the tool worked, the answer was wrong)
 *   2  bad usage or bad input (fix the command line or the file)
 *   3  a database engine or server could not be started or reached
 */

/** The exit codes of the `dbplay` CLI, by meaning. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  engineUnavailable: 3,
  /** Ctrl-C: the shell's code for a process ended by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in a file a bad input was found; lines and columns count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number | undefined;
}

export interface DbplayErrorOptions {
  /** A stable, machine-readable name such as `bad-input`; it appears in `--json` output. */
  readonly code: string;
  readonly exitCode: ExitCode;
  /** One short sentence on what to do about it, shown after the message. */
  readonly hint?: string | undefined;
  readonly location?: SourceLocation | undefined;
  readonly cause?: unknown;
}

/** A failure with a message meant for the user and the exit code that goes with it. */
export class DbplayError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(message: string, options: DbplayErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbplayError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
    this.location = options.location;
  }

  /** The message as one line: `file:line: message (hint)`. */
  oneLine(): string {
    const where = this.location === undefined ? '' : `${formatLocation(this.location)}: `;
    const hint = this.hint === undefined ? '' : ` (${this.hint})`;
    return `${where}${this.message}${hint}`.replace(/\s*\n\s*/g, ' ');
  }
}

/** Exit 2: the command line, a key or a file given to dbplay is wrong. */
export class BadInputError extends DbplayError {
  constructor(
    message: string,
    options: { hint?: string; location?: SourceLocation; code?: string; cause?: unknown } = {},
  ) {
    super(message, { code: 'bad-input', ...options, exitCode: ExitCode.badInput });
    this.name = 'BadInputError';
  }
}

/** Exit 3: a database engine could not be started, or a server could not be reached. */
export class EngineUnavailableError extends DbplayError {
  /** Which engine: `pglite`, `sqlite`, `postgres` … */
  readonly engine: string;

  constructor(
    engine: string,
    message: string,
    options: { hint?: string; code?: string; cause?: unknown } = {},
  ) {
    super(message, { code: 'engine-unavailable', ...options, exitCode: ExitCode.engineUnavailable });
    this.name = 'EngineUnavailableError';
    this.engine = engine;
  }
}

/** Exit 1: dbplay ran, and what it checked or graded did not pass. */
export class CheckFailedError extends DbplayError {
  constructor(message: string, options: { hint?: string; code?: string } = {}) {
    super(message, { code: 'check-failed', ...options, exitCode: ExitCode.checkFailed });
    this.name = 'CheckFailedError';
  }
}

export function isDbplayError(value: unknown): value is DbplayError {
  return value instanceof DbplayError;
}

export function formatLocation(location: SourceLocation): string {
  const column = location.column === undefined ? '' : `:${location.column}`;
  return `${location.file}:${location.line}${column}`;
}
