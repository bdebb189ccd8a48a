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

/**
 * Greedy word wrap to `width` visible columns; a word longer than the width is cut. Words
 * are what spaces separate, so a coloured span is kept whole only within one word.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && visibleWidth(line) + 1 + visibleWidth(word) > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
    while (visibleWidth(line) > width) {
      const plain = stripAnsi(line);
      lines.push(plain.slice(0, width));
      line = plain.slice(width);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
