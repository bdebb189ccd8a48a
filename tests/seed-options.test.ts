/**
 * One rule for seeds (issue 12 item 19, playground/src/options.ts `seed()`): digits are the
 * number. `isolation run --sample 3 --seed 7` draws the interleavings a library user gets
 * with seed 7, the number, as `btree --random --seed 7` already did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choosePermutations, findScenario } from '@dbplay/isolation';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'dbplay-seeds-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Three sessions of three steps, no permutation lines: 1,680 interleavings.
const spec = join(folder, 'three-sessions.spec');
writeFileSync(
  spec,
  `setup { create table t (id int primary key, v int); insert into t values (1, 10); }\n${[1, 2, 3]
    .map(
      (s) =>
        `session s${s}\nstep r${s} { select v from t where id = 1; }\nstep w${s} { update t set v = v + 1 where id = 1; }\nstep c${s} { commit; }`,
    )
    .join('\n')}\n`,
);

describe('isolation run --sample --seed', () => {
  it('a seed of digits is that number, as in the library', async () => {
    const scenario = await findScenario(spec);
    const drawn = (seed: number | string) =>
      choosePermutations(scenario, { kind: 'sample', count: 3, seed }).map((p) => p.number);
    // The seed's type matters to the generator: 7 and '7' draw different samples.
    expect(drawn(7)).not.toEqual(drawn('7'));
    const run = await runDbplay([
      'isolation',
      'run',
      spec,
      '--engine',
      'model',
      '--sample',
      '3',
      '--seed',
      '7',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { permutations: { number: number }[] };
    expect(report.permutations.map((p) => p.number)).toEqual(drawn(7));
  });
});
