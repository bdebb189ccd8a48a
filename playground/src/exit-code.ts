/**
 * What a command leaves for the runner (cli.ts) to finish: the exit code it chose, and its
 * `--json` document.
 *
 * A failed check (1) or an engine that would not start (3) is reported in the command's
 * own output, so it is not an error to report again; the command records the code here and
 * returns normally.
 *
 * The JSON document is held, not printed, until the command is done, because one rule
 * holds for every document: its first field is `"ok"`, true exactly when dbplay exits 0.
 * A command that prints its result and then finds the check failed (doctor, a grade, a
 * tree that fails its invariants) cannot know `ok` when it builds the document; the runner
 * does. An error after the document was built replaces it with the error document
 * (`{ "ok": false, "error": … }`, report-error.ts), so stdout always carries exactly one.
 *
 * Its own module so that commands need not import the CLI runner (cli.ts), which imports
 * the program, which imports the commands.
 */
import type { ExitCode } from '@dbplay/core';
import type { Command } from 'commander';

// The exit code a command chose, and its JSON document, by root program.
const exitCodes = new WeakMap<Command, ExitCode>();
const jsonDocuments = new WeakMap<Command, unknown>();

export function setCommandExitCode(command: Command, code: ExitCode): void {
  exitCodes.set(rootOf(command), code);
}

/** The code a command of `program` recorded, if any. */
export function commandExitCode(program: Command): ExitCode | undefined {
  return exitCodes.get(program);
}

/** Holds `value` as the command's `--json` document, for the runner to print with its `ok`. */
export function holdJsonDocument(command: Command, value: unknown): void {
  jsonDocuments.set(rootOf(command), value);
}

/** The document a command of `program` held (forgetting it), if any. */
export function takeJsonDocument(program: Command): { value: unknown } | undefined {
  if (!jsonDocuments.has(program)) return undefined;
  const value = jsonDocuments.get(program);
  jsonDocuments.delete(program);
  return { value };
}

/**
 * The text of a `--json` document: `"ok"` first, then the fields of `value` (an object's
 * own `ok`, if it has one, gives way), or `value` under `"result"` when it is not an object.
 */
export function jsonDocumentText(value: unknown, ok: boolean): string {
  const fields =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'ok'))
      : { result: value };
  return `${JSON.stringify({ ok, ...fields }, null, 2)}\n`;
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return root;
}
