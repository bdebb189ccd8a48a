/**
 * The front door's `@example`s are real code: each is a file in examples/ that the typecheck
 * compiles, this test runs, and index.ts quotes word for word.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example as runAScenario } from './examples/run-a-scenario.ts';
import { example as stepThroughTheModel } from './examples/step-through-the-model.ts';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');

/** The example's body (from its import line to the end) as index.ts quotes it, ` * ` before each line. */
function quoted(file: string): string {
  const text = readFileSync(new URL(`./examples/${file}`, import.meta.url), 'utf8');
  const body = text.slice(text.indexOf('import '));
  return body
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? ' *' : ` * ${line}`))
    .join('\n');
}

describe('the examples of the front door', () => {
  it.each(['run-a-scenario.ts', 'step-through-the-model.ts'])('index.ts quotes %s as it is', (file) => {
    expect(index).toContain(quoted(file));
  });

  it('runs a scenario and judges it: write skew at repeatable read is not serializable', async () => {
    expect(await runAScenario()).toMatch(/not serializable|anomaly/i);
  });

  it('steps through the model: the second writer waits, then re-reads the committed row', async () => {
    const headings = await stepThroughTheModel();
    expect(headings.length).toBeGreaterThan(4);
    expect(headings.join('\n')).toMatch(/w1/);
  });
});
