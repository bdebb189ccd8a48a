/**
 * A CliIo that records what a command printed and answers prompts from a script, for
 * testing command helpers in-process.
 */
import type { CliIo } from '../src/io.ts';

export interface FakeIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  readonly prompts: string[];
}

export function fakeIo(input: string[] = []): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const pending = [...input];
  return {
    out,
    err,
    prompts,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    readLine: async (prompt) => {
      prompts.push(prompt);
      return pending.shift() ?? null;
    },
  };
}
