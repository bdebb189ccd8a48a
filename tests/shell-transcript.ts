/**
 * Shell transcripts as golden files: what `dbplay shell --file` prints, input and output
 * together. Script mode echoes each input line after its prompt (`a=> `, `a=*> `, `a-> `), so
 * the input is read back from the transcript itself and the whole file is the expected output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from 'dbplay';

/** A prompt as the shell prints it: a session name, then `=>`, `=*>`, `=!>` or `->`. */
const prompt = /^[A-Za-z_][A-Za-z0-9_]*(?:=[*!]?|-)> ?/;

/** The lines a learner typed, read back from a transcript. */
export function inputOf(transcript: string): string {
  return transcript
    .split('\n')
    .filter((line) => prompt.test(line))
    .map((line) => line.replace(prompt, ''))
    .join('\n');
}

export interface ShellRun {
  readonly code: number;
  /** stdout and stderr as they were written, interleaved, as a terminal shows them. */
  readonly output: string;
  readonly stdout: string;
}

/**
 * Runs `dbplay shell --file` on `input` in this process (the same program the binary runs),
 * in a fresh folder that relative paths (`\save x.spec`) resolve against.
 */
export async function runShellScript(
  script: string | ((folder: string) => string),
  options: { args?: readonly string[]; env?: Record<string, string> } = {},
): Promise<ShellRun & { readonly folder: string; cleanup(): void }> {
  const folder = mkdtempSync(join(tmpdir(), 'dbplay-shell-test-'));
  const file = join(folder, 'input.sql');
  const input = typeof script === 'string' ? script : script(folder);
  writeFileSync(file, input.endsWith('\n') ? input : `${input}\n`);
  let output = '';
  let stdout = '';
  const code = await runCli(['shell', '--file', file, ...(options.args ?? [])], {
    stdout: (text) => {
      output += text;
      stdout += text;
    },
    stderr: (text) => {
      output += text;
    },
    env: { NO_COLOR: '1', INIT_CWD: folder, ...options.env },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    readLine: async () => null,
  });
  return {
    code,
    output,
    stdout,
    folder,
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
}
