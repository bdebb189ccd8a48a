/**
 * Prints `first` on stdout and exits, leaving behind a process that shares its stdout and
 * prints `last` a moment later: the child is gone ('exit') before all it printed has been
 * read ('close'), deterministically, which is what child-process.test.ts needs. (A writer
 * killed mid-flush is the real case: its last acknowledgements can still be in the pipe.)
 */
import { spawn } from 'node:child_process';

const [first = 'first', last = 'last'] = process.argv.slice(2);
process.stdout.write(`${first}\n`);
spawn(process.execPath, ['-e', `setTimeout(() => console.log(${JSON.stringify(last)}), 300)`], {
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
}).unref();
