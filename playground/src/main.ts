/**
 * The process entry point of `dbplay` (run by `pnpm dbplay` and by bin/dbplay.js).
 */
import { runCli } from './cli.ts';
import { processIo } from './io.ts';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// An engine can leave a handle open (a PGlite opened from a data directory keeps the event
// loop alive); once the command is done, nothing is left to wait for.
setTimeout(() => process.exit(code), 1000).unref();
