/**
 * The interactive shell: node's readline as the line editor, as psql uses readline.
 *
 * - the prompt is the Shell's (`a=>`, `a=*>` in a transaction, `a->` while a statement goes on);
 * - history is kept in the state folder (`$DBPLAY_STATE`, else `$XDG_STATE_HOME/dbplay`, else
 *   `~/.local/state/dbplay`, as explain's progress is), one command per line, newest last;
 * - Tab completes (completion.ts);
 * - Ctrl-C drops the line being typed; while a command runs it stops the command and the
 *   prompt comes back (Shell.interrupt says how each kind of command is stopped; a statement
 *   that waits for a lock never holds the prompt: the console reports the wait and returns);
 * - Ctrl-D on an empty line, or `\q`, leaves; the engines the shell started are stopped then
 *   (and on SIGTERM, by the engines' own exit cleanup).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode } from '@dbplay/core';
import type { CliIo } from '../io.ts';
import { Completer } from './completion.ts';
import type { Shell } from './shell.ts';

const historySize = 1000;

/** Where the shell keeps its history. */
export function historyFile(env: CliIo['env']): string {
  const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const home = nonEmpty(env.HOME) ?? homedir();
  const state =
    nonEmpty(env.DBPLAY_STATE) ??
    join(nonEmpty(env.XDG_STATE_HOME) ?? join(home, '.local', 'state'), 'dbplay');
  return join(state, 'shell-history');
}

export async function runInteractive(shell: Shell, io: CliIo): Promise<ExitCode> {
  const { createInterface } = await import('node:readline');
  const file = historyFile(io.env);
  const history = await readHistory(file);
  const completer = new Completer(shell);
  completer.start();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history,
    historySize,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      completer.complete(line).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  io.stdout(
    shell.palette.dim(
      'dbplay shell · \\? lists the backslash commands, help the dbplay commands, \\q leaves\n',
    ),
  );
  let failures: ExitCode = ExitCode.ok;
  rl.on('SIGINT', () => {
    if (shell.interrupt()) {
      io.stdout('^C\n');
      return;
    }
    shell.cancelInput();
    // Drop what was typed on this line too (Ctrl-E, Ctrl-U), as psql does.
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout('^C\n');
    rl.setPrompt(shell.prompt());
    rl.prompt();
  });
  const closed = new Promise<void>((resolve) => rl.once('close', () => resolve()));
  const stopOnSignal = () => rl.close();
  process.once('SIGTERM', stopOnSignal);
  rl.setPrompt(shell.prompt());
  rl.prompt();
  let queue = Promise.resolve();
  let quit = false;
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (quit) return;
      const command = shell.accept(line);
      if (command !== null) {
        await mkdir(dirname(file), { recursive: true }).catch(() => {});
        await appendFile(file, `${command.replace(/\n/g, ' ')}\n`).catch(() => {});
        if (command === '\\q') {
          quit = true;
          rl.close();
          return;
        }
        // The terminal stays read while the command runs, so that Ctrl-C reaches us; lines
        // typed meanwhile wait their turn in the queue.
        const code = await shell.execute(command);
        if (code !== ExitCode.ok && failures === ExitCode.ok) failures = code;
      }
      rl.setPrompt(shell.prompt());
      rl.prompt();
    });
  });
  await closed;
  await queue;
  process.removeListener('SIGTERM', stopOnSignal);
  if (!quit) io.stdout('\n');
  // Like psql, leaving is success; the failures were reported as they happened.
  void failures;
  return ExitCode.ok;
}

/** The saved history, newest first as readline wants it. */
async function readHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    return lines.slice(-historySize).reverse();
  } catch {
    return [];
  }
}
