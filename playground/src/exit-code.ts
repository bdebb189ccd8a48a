/**
 * The exit code a command chose after printing its result: a failed check (1) or an
 * engine that would not start (3) is reported in the command's own output, so it is not
 * an error to report again; the command records the code here and returns normally.
 *
 * Its own module so that commands need not import the CLI runner (cli.ts), which imports
 * the program, which imports the commands.
 */
import type { ExitCode } from '@dbplay/core';
import type { Command } from 'commander';

// The exit code a command chose, by root program.
const exitCodes = new WeakMap<Command, ExitCode>();

export function setCommandExitCode(command: Command, code: ExitCode): void {
  exitCodes.set(rootOf(command), code);
}

/** The code a command of `program` recorded, if any. */
export function commandExitCode(program: Command): ExitCode | undefined {
  return exitCodes.get(program);
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return root;
}
