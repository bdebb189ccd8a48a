// The example of runScenario in @dbplay/isolation's index.ts, compiled by `pnpm typecheck`
// and run by examples.test.ts.
import { findScenario, runScenario, withEngines } from '@dbplay/isolation';
import { renderTranscript } from '@dbplay/isolation/render';

export async function example(): Promise<string> {
  // write skew at repeatable read on the model engine; use 'postgres' for the real server
  const scenario = await findScenario('write-skew');
  const report = await withEngines(['model'], {}, ([engine]) => {
    if (engine === undefined) throw new Error('no engine');
    return runScenario({ engine, scenario, level: 'repeatable-read' });
  });
  const [first] = report.permutations;
  console.log(first?.verdict.serializable); // false: both doctors went off call
  return renderTranscript(report);
}
