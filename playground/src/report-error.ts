/**
 * Turning anything that went wrong into one line on stderr and an exit code.
 *
 * - commander's parse errors (unknown command or option, missing argument) are usage
 *   errors: exit 2, with commander's "did you mean" suggestion kept on the same line;
 * - a DbplayError knows its own exit code and user-facing message;
 * - anything else is a bug in dbplay: exit 1, one line, and the stack only when
 *   `DEBUG=dbplay` asks for it.
 *
 * Under `--json` the error is printed on stdout instead, as `{ "ok": false, "error": … }`,
 * so a script reading stdout always gets one JSON document, and stderr stays empty: the
 * error is said once, where the script reads.
 *
 * An error that strikes while an interrupt (Ctrl-C) is being cleaned up is the interrupt's
 * doing (a connection closed under a session, a server stopped mid-query), not a bug: it
 * is not reported, and the interrupt's own line (see {@link interruptMessage}) says what
 * happened.
 */
import { ExitCode, isDbplayError } from '@dbplay/core';
import { type InterruptReport, interruptedBy } from '@dbplay/engines/exit-cleanup';
import { CommanderError } from 'commander';
import { jsonDocumentText } from './exit-code.ts';
import type { CliIo } from './io.ts';

export interface ErrorReportOptions {
  /** Whether the user asked for `--json`. */
  readonly json: boolean;
  /** The command whose help explains the usage, e.g. `dbplay doctor`. */
  readonly helpFor: string;
}

export function reportError(error: unknown, io: CliIo, options: ErrorReportOptions): ExitCode {
  if (interruptedBy() !== undefined) return ExitCode.interrupted;
  const { exitCode, code, message } = classify(error, options.helpFor);
  if (exitCode === ExitCode.ok) return exitCode;
  if (options.json) io.stdout(jsonDocumentText({ error: { code, message } }, false));
  else io.stderr(`dbplay: ${message}\n`);
  if (code === 'unexpected' && debugEnabled(io.env) && error instanceof Error && error.stack) {
    io.stderr(`${error.stack}\n`);
  }
  return exitCode;
}

function classify(error: unknown, helpFor: string): { exitCode: ExitCode; code: string; message: string } {
  if (error instanceof CommanderError) {
    // --help and --version end parsing "with an error" whose exit code is 0.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return { exitCode: ExitCode.ok, code: 'ok', message: '' };
    }
    if (error.code === 'commander.help') {
      // `dbplay` with no command: commander has printed the help to stderr.
      return {
        exitCode: ExitCode.badInput,
        code: 'usage',
        message: `no command given; see '${helpFor} --help'`,
      };
    }
    return { exitCode: ExitCode.badInput, code: 'usage', message: commanderMessage(error.message, helpFor) };
  }
  if (isDbplayError(error)) {
    return { exitCode: error.exitCode, code: error.code, message: error.oneLine() };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    exitCode: ExitCode.checkFailed,
    code: 'unexpected',
    message: `unexpected error: ${oneLine(text)} (this is a bug in dbplay; run with DEBUG=dbplay to see where)`,
  };
}

/** commander writes "error: unknown command 'x'\n(Did you mean y?)"; we want one line. */
function commanderMessage(message: string, helpFor: string): string {
  const text = oneLine(message.replace(/^error:\s*/, '').replace(/\n\(Did you mean/, ' (did you mean'));
  return `${text}; see '${helpFor} --help'`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** `DEBUG=dbplay`, or a list containing it (`DEBUG=dbplay,express`), or `DEBUG=*`. */
function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const names = (env.DEBUG ?? '').split(/[\s,]+/);
  return names.includes('dbplay') || names.includes('*');
}

/** `dbplay: interrupted; stopped the embedded PostgreSQL server (/dev/shm/dbplay-pg-…)`. */
export function interruptMessage(report: InterruptReport): string {
  const what = report.signal === 'SIGINT' ? 'interrupted' : 'terminated';
  if (report.cleanedUp.length === 0) return `dbplay: ${what}`;
  return `dbplay: ${what}; cleaned up ${report.cleanedUp.join(', ')}`;
}
