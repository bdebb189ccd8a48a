/**
 * Running the test scripts in this folder as child processes, from the repository root, and
 * reading what they print line by line.
 *
 * The crash tests start a script dozens of times. Through tsx each start would spend about half
 * a second of CPU transpiling the store's modules, so each script is compiled once (esbuild, the
 * bundler that builds the CLI) and plain Node runs that. The compiled file is named by a digest
 * of its text in one shared folder, so test processes running at once share it, a change to the
 * sources makes a new one (the old one is removed), and nothing is left behind per run.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const compiledFolder = join(tmpdir(), 'dbplay-lsm-test-scripts');
const compiledScripts = new Map<string, string>();

/** The script compiled to one JavaScript file (built once per test process, shared between them). */
function compiled(path: string): string {
  const known = compiledScripts.get(path);
  if (known !== undefined) return known;
  const built = buildSync({
    entryPoints: [path],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
  });
  const text = built.outputFiles[0]?.text ?? '';
  const name = basename(path, '.ts');
  const outfile = join(
    compiledFolder,
    `${name}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`,
  );
  if (!existsSync(outfile)) {
    mkdirSync(compiledFolder, { recursive: true });
    // Written aside and renamed, so a process running it never sees half a file.
    const aside = `${outfile}.${process.pid}.tmp`;
    writeFileSync(aside, text);
    renameSync(aside, outfile);
    for (const entry of readdirSync(compiledFolder))
      if (entry.startsWith(`${name}-`) && entry.endsWith('.mjs') && join(compiledFolder, entry) !== outfile)
        rmSync(join(compiledFolder, entry), { force: true });
  }
  compiledScripts.set(path, outfile);
  return outfile;
}

export function startScript(script: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, [compiled(path), ...args], {
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
