/**
 * The interactive shell: node's readline as the line editor (history, tab completion).
 */
import { ExitCode } from '@dbplay/core';
import type { CliIo } from '../io.ts';
import type { Shell } from './shell.ts';

export async function runInteractive(shell: Shell, io: CliIo): Promise<ExitCode> {
  void shell;
  void io;
  return ExitCode.ok;
}
