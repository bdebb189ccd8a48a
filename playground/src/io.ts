/**
 * Where the CLI reads and writes: the process's streams and environment, or a test's.
 *
 * Commands never touch `process` directly; they get a {@link CliIo}. That keeps the
 * `--json` promise checkable (everything on stdout goes through one place) and lets
 * colour be decided once, from the flags and the environment.
 */
export interface CliIo {
  /** Machine output and results. Under `--json`, only JSON goes here. */
  readonly stdout: (text: string) => void;
  /** Progress, warnings and error messages. */
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
