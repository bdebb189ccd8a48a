/**
 * How keys, values and sizes are shown to a person: in narrations, drawings and the CLI.
 *
 * Keys are bytes. When they are readable text (valid UTF-8 without control characters)
 * they are shown as text; otherwise as hex, `0x0000002a`, the way LevelDB's `ldb` tool
 * prints them with `--hex`.
 */
import { Buffer } from 'node:buffer';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are printable UTF-8; undefined otherwise. */
export function printableText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/** The bytes as readable text, or as `0x…` hex when they are not printable UTF-8. */
export function displayBytes(bytes: Uint8Array): string {
  return printableText(bytes) ?? `0x${Buffer.from(bytes).toString('hex')}`;
}

/** Text in double quotes, or bare hex, cut to `max` characters with an ellipsis. */
export function quoteBytes(bytes: Uint8Array, max = 24): string {
  const text = printableText(bytes);
  return text === undefined ? shortened(displayBytes(bytes), max) : `"${shortened(text, max)}"`;
}

/** Cuts `text` to `max` characters, ending in `…` when something was cut. */
export function shortened(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** 812 B, 4.0 KiB, 3.4 MiB: binary units, one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
