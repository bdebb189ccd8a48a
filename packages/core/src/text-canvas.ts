/**
 * A grid of characters to draw on, each cell with an optional colour.
 *
 * Drawings such as a tree of boxes are easiest to produce by placing text at (x, y)
 * rather than by concatenating lines; the canvas collects the placements and turns them
 * into lines at the end, colouring runs of cells that share a style.
 */
type Paint = (text: string) => string;

export class TextCanvas {
  private readonly chars: string[][] = [];
  private readonly paints: (Paint | undefined)[][] = [];

  /** Writes `text` starting at column x of row y, one character per cell. */
  put(x: number, y: number, text: string, paint?: Paint): void {
    while (this.chars.length <= y) {
      this.chars.push([]);
      this.paints.push([]);
    }
    const row = this.chars[y] as string[];
    const rowPaints = this.paints[y] as (Paint | undefined)[];
    let column = x;
    for (const char of text) {
      while (row.length < column) {
        row.push(' ');
        rowPaints.push(undefined);
      }
      row[column] = char;
      rowPaints[column] = paint;
      column++;
    }
  }

  toString(): string {
    return this.chars
      .map((row, y) => {
        const rowPaints = this.paints[y] ?? [];
        let out = '';
        let run = '';
        let runPaint: Paint | undefined;
        const flush = (): void => {
          out += runPaint === undefined ? run : runPaint(run);
          run = '';
        };
        row.forEach((char, x) => {
          const paint = rowPaints[x];
          if (paint !== runPaint) {
            flush();
            runPaint = paint;
          }
          run += char;
        });
        flush();
        return out.trimEnd();
      })
      .join('\n');
  }
}
