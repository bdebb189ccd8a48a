/**
 * Running the CLI: parse the arguments, run the command, map any error to an exit code.
 *
 * `runCli` never throws and never calls `process.exit`; it returns the exit code, so the
 * same function serves the real process (src/main.ts) and tests.
 */
import { ExitCode } from '@dbplay/core';
import type { Command } from 'commander';
import { commandExitCode, jsonDocumentText, takeJsonDocument } from './exit-code.ts';
import type { CliIo } from './io.ts';
import { createProgram } from './program.ts';
import { reportError } from './report-error.ts';

export { setCommandExitCode } from './exit-code.ts';
export { type CliIo, processIo } from './io.ts';
export { createProgram } from './program.ts';

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  return runProgram(await createProgram(io, argv), argv, io);
}

/** Runs an already built program; tests use it to add commands of their own. */
export async function runProgram(program: Command, argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    const code = commandExitCode(program) ?? ExitCode.ok;
    const document = takeJsonDocument(program);
    if (document !== undefined) io.stdout(jsonDocumentText(document.value, code === ExitCode.ok));
    return code;
  } catch (error) {
    // A document held before the error gives way to the error's own.
    takeJsonDocument(program);
    // The options may not have been parsed when the error struck, so look at argv itself.
    return reportError(error, io, { json: argv.includes('--json'), helpFor: helpFor(program, argv) });
  }
}

/** `dbplay doctor` when argv names the doctor command, else `dbplay`: where the usage is explained. */
function helpFor(program: Command, argv: readonly string[]): string {
  const names = new Set(program.commands.map((command) => command.name()));
  const named = argv.find((arg) => names.has(arg));
  return named === undefined ? program.name() : `${program.name()} ${named}`;
}
