/**
 * The front door's `@example` compiles (it is a .ts file under test/examples, which the
 * typecheck includes), runs, prints what its comments say, and is exactly what the doc
 * comment of {@link BPlusTree} shows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bplusTreeExample } from './examples/bplus-tree.example.ts';

const exampleFile = new URL('./examples/bplus-tree.example.ts', import.meta.url);

/** The lines between the markers, without indentation; `log(` printed as `console.log(`. */
function exampleLines(): string[] {
  const lines = readFileSync(exampleFile, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes('// example:start'));
  const end = lines.findIndex((line) => line.includes('// example:end'));
  return lines.slice(start + 1, end).map((line) => line.trim().replace(/^log\(/, 'console.log('));
}

/** The lines of the `@example` in the doc comment just above `export class BPlusTree`. */
function docLines(): string[] {
  const text = readFileSync(new URL('../src/bplus-tree.ts', import.meta.url), 'utf8');
  const comment = text.slice(0, text.indexOf('export class BPlusTree'));
  const lines = comment
    .slice(comment.lastIndexOf('/**'))
    .split('\n')
    .map((line) => line.replace(/^\s*\*( |$)/, '').trim());
  return lines
    .slice(lines.indexOf('@example') + 1)
    .filter((line) => line !== '' && line !== '*/' && line !== '/');
}

describe('the @example of BPlusTree', () => {
  it('runs, and prints what its comments say', () => {
    const expected = exampleLines()
      .filter((line) => line.startsWith('console.log('))
      .map((line) => line.slice(line.indexOf('// ') + 3));
    expect(bplusTreeExample()).toEqual(expected);
    expect(expected).toEqual(['v7', '7 12 20', 'visit remove borrow', '2 true']);
  });

  it('is the code the doc comment shows, line for line', () => {
    expect(docLines()).toEqual(exampleLines());
  });
});
