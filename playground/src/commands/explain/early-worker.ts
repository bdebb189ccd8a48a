/**
 * Which `dbplay explain` commands start their PGlite worker thread before anything else
 * (@dbplay/explain's spare-worker.ts): the one-shot commands that open a session on a
 * dataset, when no server is named. The entry point (src/main.ts) asks first thing, from
 * the raw arguments, so that Node's start of the thread and PGlite's loading run while the
 * CLI loads its own modules and reads the exercise; commander has not parsed anything yet,
 * so this looks only at what decides the engine. A guess that turns out wrong (the command
 * fails before it opens a session) costs an idle thread that ends with the process.
 */
import { startSpareWorker } from '@dbplay/explain/spare-worker';

const opensSession = new Set(['show', 'answer', 'plan', 'grade']);

export function startEarlyWorker(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): void {
  if (wantsEarlyWorker(argv, env)) startSpareWorker();
}

/** Whether these arguments name a command that will open a PGlite session. */
export function wantsEarlyWorker(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const [group, command] = argv;
  if (group !== 'explain' || command === undefined || !opensSession.has(command)) return false;
  const help = (arg: string) => arg === '--help' || arg === '-h';
  if (argv.some((arg) => help(arg) || arg === '--url' || arg.startsWith('--url='))) return false;
  return env.DATABASE_URL === undefined || env.DATABASE_URL === '';
}
