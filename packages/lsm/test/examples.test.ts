/**
 * The front door's `@example`s compile (they are .ts files under test/examples, which the
 * typecheck includes), run, and are exactly what the doc comments show.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lsmTreeExample } from './examples/lsm-tree.example.ts';
import { tempDir } from './temp-dir.ts';

/** The lines between the markers of an example file, without their indentation. */
function exampleLines(file: URL): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes('// example:start'));
  const end = lines.findIndex((line) => line.includes('// example:end'));
  return lines.slice(start + 1, end).map((line) => line.trim());
}

/** The lines of the `@example` in the doc comment just above `export class <name>`. */
function docExampleLines(source: URL, name: string): string[] {
  const text = readFileSync(source, 'utf8');
  const comment = text.slice(0, text.indexOf(`export class ${name}`));
  const block = comment.slice(comment.lastIndexOf('/**'));
  const lines = block.split('\n').map((line) => line.replace(/^\s*\*( |$)/, ''));
  const start = lines.findIndex((line) => line.startsWith('@example'));
  return lines
    .slice(start + 1)
    .filter((line) => line.trim() !== '' && line.trim() !== '*/')
    .map((line) => line.trim());
}

describe('the @example of LsmTree', () => {
  it('runs, and prints what its comments say', async () => {
    expect(await lsmTreeExample(tempDir('example'))).toEqual(['green', 'fig green', 'true']);
  });

  it('is the code the doc comment shows, line for line', () => {
    const example = exampleLines(new URL('./examples/lsm-tree.example.ts', import.meta.url));
    const doc = docExampleLines(new URL('../src/store/lsm-tree.ts', import.meta.url), 'LsmTree');
    // The comment names a directory and prints; the file is given one and collects the lines.
    const shown = example.map((line) =>
      line.replace('{ dir,', "{ dir: 'my-store',").replace(/^log\(|(\) )log\(/, '$1console.log('),
    );
    expect(doc).toEqual(shown);
  });
});
