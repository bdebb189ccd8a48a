/**
 * `dbplay doctor`: check that every engine dbplay uses works on this machine.
 *
 * The work is `runDoctor` in @dbplay/engines; this file parses the options and draws the
 * report as a table or as JSON. The engines package is imported inside the action, so
 * `dbplay --help` never loads it.
 */
import { ExitCode, renderTable } from '@dbplay/core';
import type { DoctorCheck, DoctorCheckName, DoctorReport } from '@dbplay/engines';
import type { Command } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import type { CliIo } from '../../io.ts';
import { listOf, serverUrl } from '../../options.ts';

const describeCheck: Record<DoctorCheckName, string> = {
  node: 'Node.js runtime',
  pglite: 'PGlite (PostgreSQL in WebAssembly)',
  sqlite: 'SQLite (better-sqlite3)',
  postgres: 'embedded PostgreSQL server',
  server: 'PostgreSQL server at --url',
};

// The engines package's `doctorCheckNames`, without loading the package before the action
// runs: the type makes `describeCheck` name every check and nothing else, so its keys are
// that list (in the order written here, which the help and error messages show).
const checkNames = Object.keys(describeCheck) as readonly DoctorCheckName[];

interface DoctorFlags {
  only?: DoctorCheckName[];
  url?: string;
}

export function register(doctor: Command, io: CliIo): void {
  doctor
    .option(
      '--only <checks>',
      `run only these checks, comma-separated: ${checkNames.join(', ')}`,
      listOf('--only', { singular: 'check', plural: 'checks', names: checkNames }),
    )
    .option('--url <url>', 'also check the PostgreSQL server at this URL (default: $DATABASE_URL)')
    .addHelpText(
      'after',
      `
Each check starts the engine for real and asks it for its version, with timings.
Exit code 3 when an engine cannot be started or a server cannot be reached.

Examples:
  $ dbplay doctor
  $ dbplay doctor --json
  $ dbplay doctor --only pglite,sqlite
  $ dbplay doctor --url postgres://me@localhost:5432/postgres`,
    )
    .action(async (flags: DoctorFlags, command: Command) => {
      const context = contextFor(command, io);
      const { runDoctor } = await import('@dbplay/engines');
      const url = serverUrl(flags.url, io.env);
      const report = await runDoctor({
        ...(flags.only === undefined ? {} : { only: flags.only }),
        url,
        onCheckStart: (name) => context.progress(`checking ${describeCheck[name]} …`),
      });
      if (context.json) context.printJson(toJson(report));
      else context.print(renderReport(report, context));
      setCommandExitCode(command, exitCodeOf(report));
    });
}

/** An engine that failed is exit 3; a Node that is too old is a failed check, exit 1. */
function exitCodeOf(report: DoctorReport): ExitCode {
  if (report.ok) return ExitCode.ok;
  const engineFailed = report.checks.some((check) => !check.ok && check.name !== 'node');
  return engineFailed ? ExitCode.engineUnavailable : ExitCode.checkFailed;
}

/** The JSON form: one entry per check, keyed by name, so `.checks.pglite.version` works. */
function toJson(report: DoctorReport): unknown {
  // `ok` is added by the runner: false whenever a check failed (exit 1 or 3).
  return {
    checks: Object.fromEntries(report.checks.map((check) => [check.name, check])),
  };
}

function renderReport(report: DoctorReport, { palette }: CommandContext): string {
  const rows = report.checks.map((check) => [
    describeCheck[check.name],
    check.ok ? palette.ok('ok') : palette.fail('FAILED'),
    check.version ?? '',
    formatTimings(check),
  ]);
  const table = renderTable(['check', 'status', 'version', 'time'], rows, { palette });
  const failures = report.checks
    .filter((check) => check.error !== null)
    .map((check) => `${palette.fail('✗')} ${check.name}: ${check.error?.message ?? ''}`);
  const summary = report.ok
    ? palette.ok('Every engine works on this machine.')
    : palette.fail(`${failures.length} of ${report.checks.length} checks failed.`);
  return [table, ...failures, summary].join('\n');
}

function formatTimings(check: DoctorCheck): string {
  return Object.entries(check.timingsMs)
    .map(([phase, ms]) => `${phase} ${ms} ms`)
    .join(', ');
}
