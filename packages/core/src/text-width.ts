/**
 * How many terminal columns a string takes, ignoring colour escape codes.
 *
 * Tables and boxes line up by counting columns, and a coloured cell holds invisible
 * escape sequences. Characters are counted as one column each (code points, not UTF-16
 * units), which is right for the ASCII, box-drawing and arrow characters dbplay draws;
 * double-width CJK and emoji are not measured specially.
 */

// CSI sequences such as "\u001b[1;33m" (colour on) and "\u001b[39m" (colour off).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const ansiEscape = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ansiEscape, '');
}

export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of stripAnsi(text)) width++;
  return width;
}

/** Pads `text` with spaces to `width` visible columns, on the right (left-aligned) or the left. */
export function padVisible(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}
