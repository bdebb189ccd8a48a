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
  /** The terminal's width in columns when stdout is a terminal. */
  readonly stdoutColumns?: number | undefined;
  /** Shows `prompt` (on stderr) and reads one line of input; null at the end of input. */
  readonly readLine: (prompt: string) => Promise<string | null>;
}

export function processIo(): CliIo {
  // `dbplay --help | head` closes the pipe early; that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
    readLine: stdinLineReader(),
  };
}

/**
 * Reads stdin line by line, opening it only on the first call. Lines that arrive before
 * they are asked for are kept in order.
 */
function stdinLineReader(): (prompt: string) => Promise<string | null> {
  let lines: AsyncIterator<string> | undefined;
  return async (prompt) => {
    if (lines === undefined) {
      const { createInterface } = await import('node:readline');
      const reader = createInterface({ input: process.stdin, terminal: false });
      lines = reader[Symbol.asyncIterator]();
    }
    process.stderr.write(prompt);
    // Hold the process open only while waiting for a line, so it can exit when the command is done.
    // stdin redirected from a file (or /dev/null) is an fs stream, which has no ref/unref.
    const stdin = process.stdin as { ref?: () => void; unref?: () => void };
    stdin.ref?.();
    const next = await lines.next();
    stdin.unref?.();
    if (next.done === true) return null;
    return next.value;
  };
}
