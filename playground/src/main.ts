/**
 * The process entry point of `dbplay` (run by `pnpm dbplay` and by bin/dbplay.js).
 */
import { runCli } from './cli.ts';
import { processIo } from './io.ts';

// `dbplay` alone at a terminal opens the shell; in a script it still prints the usage.
const argv = process.argv.slice(2);
const code = await runCli(argv.length === 0 && process.stdin.isTTY === true ? ['shell'] : argv, processIo());
process.exitCode = code;
// An engine can leave a handle open (a PGlite opened from a data directory keeps the event
// loop alive); once the command is done, nothing is left to wait for.
setTimeout(() => process.exit(code), 1000).unref();
