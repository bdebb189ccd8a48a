/**
 * Running the test scripts in this folder as child processes, through tsx, from the
 * repository root, and reading what they print line by line.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export function startScript(script: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Calls `onLine` for each whole line the child prints on stdout. */
export function onLines(child: ChildProcessWithoutNullStreams, onLine: (line: string) => void): void {
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
}

/** Resolves when the child prints `line`; rejects if it exits first. */
export function waitForLine(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    onLines(child, (seen) => {
      if (seen === line) resolve();
    });
    child.on('close', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before printing ${line}: ${stderr}`)),
    );
  });
}

/**
 * Resolves with how the child ended, once everything it printed has been read: on 'close',
 * not 'exit'. A process can be gone while the last of its output is still in the pipe, and
 * a crash test that counted acknowledgements at 'exit' would take the unread ones for
 * lost writes.
 */
export function exited(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const ended = child.exitCode !== null || child.signalCode !== null;
  if (ended && child.stdout.closed && child.stderr.closed) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}
