/**
 * The process entry point of `dbplay` (run by `pnpm dbplay` and by bin/dbplay.js).
 *
 * Ctrl-C (or SIGTERM) while an engine runs is not an error: @dbplay/engines stops what was
 * started and removes what was made (exit-cleanup.ts), this file says so in one line, and
 * the process exits with the shell's code for the signal (130 for Ctrl-C).
 *
 * A command that will run PGlite starts its worker thread before anything else loads
 * (early-worker.ts), so this file imports only that statically: an ES module's static
 * imports are all loaded before its first line runs, and the CLI's are a few tens of
 * milliseconds the thread can spend starting instead.
 */
import { startEarlyWorker } from './commands/explain/early-worker.ts';

// `dbplay` alone at a terminal opens the shell; in a script it still prints the usage.
const argv = process.argv.slice(2);
startEarlyWorker(argv, process.env);

const [{ ExitCode }, { onInterrupt }, { runCli }, { processIo }, { interruptMessage }] = await Promise.all([
  import('@dbplay/core'),
  import('@dbplay/engines/exit-cleanup'),
  import('./cli.ts'),
  import('./io.ts'),
  import('./report-error.ts'),
]);
const io = processIo();
onInterrupt((report) => io.stderr(`${interruptMessage(report)}\n`));
const code = await runCli(argv.length === 0 && process.stdin.isTTY === true ? ['shell'] : argv, io);
process.exitCode = code;
// An engine can leave a handle open (a PGlite opened from a data directory keeps the event
// loop alive); once the command is done, nothing is left to wait for. After an interrupt,
// the cleanup under way decides when the process ends.
if (code !== ExitCode.interrupted) setTimeout(() => process.exit(code), 1000).unref();
