/**
 * Reading a spec file one character at a time, knowing the line we are on.
 *
 * PostgreSQL's tester scans specs with flex (src/test/isolation/specscanner.l): keywords,
 * identifiers (bare, or in double quotes), `{ SQL }` blocks and `#` comments to the end of
 * the line. dbplay's parser is recursive descent over this cursor instead of a token
 * stream, because one character decides what `{` means: after `session T1` it may open a
 * braced session body (dbplay's form), everywhere else it opens a SQL block.
 */
import { BadInputError } from '@dbplay/core';

const identifierStart = /[A-Za-z_\u0080-\uffff]/;
const identifierPart = /[A-Za-z0-9_$\u0080-\uffff]/;

export class SpecCursor {
  readonly text: string;
  readonly file: string;
  private position = 0;
  private currentLine = 1;

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
  }

  get line(): number {
    return this.currentLine;
  }

  get offset(): number {
    return this.position;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(ahead = 0): string {
    return this.text[this.position + ahead] ?? '';
  }

  /** Moves one character on, counting lines. */
  advance(): string {
    const char = this.text[this.position] ?? '';
    this.position++;
    if (char === '\n') this.currentLine++;
    return char;
  }

  /** Skips spaces, newlines and `#` comments (to the end of the line), as specscanner.l does. */
  skipSpaceAndComments(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\n') {
        this.advance();
      } else if (char === '#') {
        while (!this.atEnd() && this.peek() !== '\n') this.advance();
      } else {
        return;
      }
    }
  }

  /** Whether an identifier (bare or quoted) starts here. */
  atIdentifier(): boolean {
    return this.peek() === '"' || identifierStart.test(this.peek());
  }

  /**
   * A bare word (`session`, `s1r`) or a double-quoted name (`"s1 r"`, with `""` for a quote
   * inside). Keywords are bare words too; the parser decides.
   */
  readWord(): { text: string; quoted: boolean; line: number } {
    const line = this.currentLine;
    if (this.peek() === '"') {
      this.advance();
      let text = '';
      for (;;) {
        if (this.atEnd() || this.peek() === '\n') {
          throw this.error(
            'unterminated quoted name (a name in double quotes must end on the same line)',
            line,
          );
        }
        const char = this.advance();
        if (char === '"') {
          if (this.peek() === '"') {
            this.advance();
            text += '"';
            continue;
          }
          break;
        }
        text += char;
      }
      if (text === '') throw this.error('empty quoted name', line);
      return { text, quoted: true, line };
    }
    let text = '';
    while (!this.atEnd() && identifierPart.test(this.peek())) text += this.advance();
    return { text, quoted: false, line };
  }

  /** A whole number, for `step(other notices 2)`. */
  readInteger(): number | null {
    let digits = '';
    while (/[0-9]/.test(this.peek())) digits += this.advance();
    return digits === '' ? null : Number(digits);
  }

  /** Describes what is at the cursor, for "expected X, found Y" messages. */
  describeHere(): string {
    if (this.atEnd()) return 'the end of the file';
    if (this.atIdentifier()) {
      const rest = this.text.slice(this.position);
      const word = /^("[^"\n]*"?|[A-Za-z0-9_$\u0080-\uffff]+)/.exec(rest)?.[0] ?? this.peek();
      return `'${word}'`;
    }
    return `'${this.peek()}'`;
  }

  error(message: string, line = this.currentLine): BadInputError {
    return new BadInputError(message, { location: { file: this.file, line } });
  }
}
