/**
 * What every command needs besides its own options: the streams, whether the user asked
 * for JSON, and the colours to draw with. Built once from the global options.
 */
import { createPalette, type Palette, shouldUseColor } from '@dbplay/core';
import type { Command } from 'commander';
import { holdJsonDocument } from './exit-code.ts';
import type { CliIo } from './io.ts';

export interface CommandContext {
  readonly io: CliIo;
  /** `--json`: stdout carries one JSON document (or JSON lines) and nothing else. */
  readonly json: boolean;
  readonly palette: Palette;
  /**
   * How wide output may be, in columns: `--width`, else the terminal's width, else 80
   * (a pipe or a file has no width; 80 is what a reader's terminal surely has).
   */
  readonly width: number;
  /**
   * `value` is the command's JSON document: printed on stdout when the command is done,
   * with `"ok"` first (see exit-code.ts).
   */
  printJson(value: unknown): void;
  /** Writes text on stdout, with a newline. */
  print(text: string): void;
  /** A progress line on stderr, only when a person is watching (stderr is a terminal). */
  progress(text: string): void;
}

/** The width of output that goes to a pipe or a file. */
export const defaultWidth = 80;

export function contextFor(command: Command, io: CliIo): CommandContext {
  const globals = command.optsWithGlobals<{ json?: boolean; color?: boolean; width?: number }>();
  const json = globals.json === true;
  const palette = createPalette(
    !json && shouldUseColor({ env: io.env, isTTY: io.stdoutIsTTY, flag: globals.color }),
  );
  let progressShown = false;
  return {
    io,
    json,
    palette,
    width: globals.width ?? (io.stdoutIsTTY ? (io.stdoutColumns ?? defaultWidth) : defaultWidth),
    printJson: (value) => holdJsonDocument(command, value),
    print: (text) => {
      if (progressShown) io.stderr('\r\u001b[K');
      progressShown = false;
      io.stdout(`${text}\n`);
    },
    progress: (text) => {
      if (!io.stderrIsTTY) return;
      io.stderr(`\r\u001b[K${text}`);
      progressShown = true;
    },
  };
}
