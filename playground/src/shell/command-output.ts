/**
 * Where a shell command's output goes: to the terminal as text, or, with `dbplay shell --json`,
 * into one JSON record per command (JSON lines) that is written when the command ends.
 *
 * A running command writes through a gate that Ctrl-C closes: JavaScript cannot stop a
 * promise, so a stopped command may still be working in the background, and the gate is what
 * makes it say no more (see Shell.interrupt). Between commands, output goes straight to the
 * process's streams.
 */
import { type DbplayError, ExitCode, type Palette } from '@dbplay/core';
import { type CommandContext, defaultWidth } from '../context.ts';
import { jsonDocumentText } from '../exit-code.ts';
import type { CliIo } from '../io.ts';

/** What a command reports in JSON mode, one line per command. */
interface JsonRecord {
  command: string;
  exitCode: ExitCode;
  events?: unknown[];
  output?: unknown;
  error?: { code: string; message: string };
}

export class CommandOutput {
  /** The process's streams. */
  private readonly base: CliIo;
  /** The running command's streams, behind its gate (the process's between commands). */
  private current: CliIo;
  private record: JsonRecord | null = null;
  /** `dbplay shell --json`: one JSON record per command. */
  readonly json: boolean;

  constructor(io: CliIo, json: boolean) {
    this.base = io;
    this.current = io;
    this.json = json;
  }

  /** The streams to write to now. */
  get io(): CliIo {
    return this.current;
  }

  /** The process's streams, which no gate closes (for what Ctrl-C itself reports). */
  get processIo(): CliIo {
    return this.base;
  }

  /** Whether this command's output is being kept for its JSON record (`--json`). */
  get recording(): boolean {
    return this.record !== null;
  }

  /**
   * A command starts: its output goes through a gate, and in JSON mode into a fresh record.
   * Returns what closes the gate.
   */
  begin(command: string): () => void {
    this.record = this.json ? { command, exitCode: ExitCode.ok } : null;
    const gate = { open: true };
    const base = this.base;
    this.current = {
      ...base,
      stdout: (text) => gate.open && base.stdout(text),
      stderr: (text) => gate.open && base.stderr(text),
    };
    return () => {
      gate.open = false;
    };
  }

  /** The command's error, kept in its record (the text still goes to stderr: see report-error.ts). */
  noteError(error: DbplayError): void {
    if (this.record !== null) this.record.error = { code: error.code, message: error.oneLine() };
  }

  /** The command has ended with `code`: the gate goes, and in JSON mode its record is written. */
  end(code: ExitCode): void {
    this.current = this.base;
    if (this.record !== null) {
      this.record.exitCode = code;
      // `ok` first, true exactly on exit 0: the rule of every --json document (exit-code.ts).
      this.current.stdout(`${JSON.stringify({ ok: code === ExitCode.ok, ...this.record })}\n`);
      this.record = null;
    }
  }

  /** Text for the user (in JSON mode, kept as the command's output instead). */
  print(text: string): void {
    if (this.record !== null) {
      const output = this.record.output;
      this.record.output = typeof output === 'string' ? `${output}\n${text}` : text;
      return;
    }
    this.current.stdout(`${text}\n`);
  }

  /** In JSON mode, keeps `events` in the record and returns true; otherwise returns false. */
  keepEvents(events: readonly unknown[]): boolean {
    if (this.record === null) return false;
    this.record.events = [...(this.record.events ?? []), ...events];
    return true;
  }

  /** In JSON mode, makes `value` the command's output and returns true; otherwise returns false. */
  keepOutput(value: unknown): boolean {
    if (this.record === null) return false;
    this.record.output = value;
    return true;
  }

  /** What a command run by the shell itself needs to print (as a dbplay command's context). */
  commandContext(json: boolean, palette: Palette): CommandContext {
    const io = this.current;
    return {
      io,
      json: json || this.record !== null,
      palette,
      width: io.stdoutIsTTY ? (io.stdoutColumns ?? defaultWidth) : defaultWidth,
      printJson: (value) => {
        if (!this.keepOutput(value)) this.current.stdout(jsonDocumentText(value, true));
      },
      print: (text) => this.print(text),
      progress: () => {},
    };
  }
}
