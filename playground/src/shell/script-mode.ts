/**
 * Script mode: `dbplay shell --file FILE` and `dbplay shell < FILE` run the lines a learner
 * would type, without a terminal. Each input line is echoed before its output, as `psql -a`
 * does, after the prompt it would have been typed at, so a script's output reads as the
 * session it replays and the input can be read back from it (the lines after a prompt): the
 * README's and the tests' transcripts are checked this way.
 *
 * Exit codes follow the CLI's rules. A command that fails (dbplay refuses it: 2; an engine
 * does not start: 3; a dbplay command's check fails: 1) stops the script with its code, unless
 * `\set ON_ERROR_STOP off`, and then the script runs on and exits with the first failure's code.
 * An error that the *database* reports (40001, a deadlock's 40P01) is a statement's result, the
 * point of the experiment, not a failing command.
 */
import { ExitCode } from '@dbplay/core';
import type { Shell } from './shell.ts';

export interface ScriptOptions {
  /** Echo lines before their output (not in JSON mode, where each record names its command). */
  readonly echo: boolean;
  readonly write: (text: string) => void;
}

export async function runScript(
  shell: Shell,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ScriptOptions,
): Promise<ExitCode> {
  let failure: ExitCode = ExitCode.ok;
  for await (const line of lines) {
    if (options.echo) options.write(`${shell.prompt()}${line}\n`);
    const command = shell.accept(line);
    if (command === null) continue;
    if (command === '\\q') break;
    const code = await shell.execute(command);
    if (code === ExitCode.ok) continue;
    if (failure === ExitCode.ok) failure = code;
    if (shell.stopOnError) return failure;
  }
  if (shell.continuing) {
    const code = shell.endOfInputInsideStatement();
    if (failure === ExitCode.ok) failure = code;
  }
  return failure;
}
