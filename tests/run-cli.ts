/**
 * Runs `dbplay` as a child process, and captures what it printed and how it exited. The CLI is
 * the one compiled from the sources at the start of this test run (compiled-cli.global.ts); a
 * test file run outside that setup falls back to the sources through tsx
 * (dbplay-from-source.js), which is slower to start but the same program.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const dbplayBin =
  inject('dbplayBin') ?? fileURLToPath(new URL('./dbplay-from-source.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runDbplay(
  args: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    script?: string;
    /** Text fed to stdin through a pipe, as a script driving `--step` would; otherwise no stdin. */
    input?: string;
  } = {},
): Promise<CliRun> {
  const script = options.script ?? dbplayBin;
  // A TypeScript fixture runs through tsx's loader, as bin/dbplay.js does for the real CLI.
  const command = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: repoRoot,
      // A clean, colourless environment unless a test asks otherwise.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
