// The example of startModelEngine in @dbplay/isolation's index.ts, compiled by `pnpm typecheck`
// and run by examples.test.ts.
import { modelDetails, parseSpec, runPermutation, startModelEngine } from '@dbplay/isolation';
import { groupTrace } from '@dbplay/isolation/render';

export async function example(): Promise<string[]> {
  const scenario = parseSpec(`
    setup { create table account (id int primary key, balance int); insert into account values (1, 100); }
    session T1
    step r1 { select balance from account where id = 1; }
    step w1 { update account set balance = balance - 30 where id = 1; }
    step c1 { commit; }
    session T2
    step w2 { update account set balance = balance + 50 where id = 1; }
    step c2 { commit; }
  `);
  const engine = await startModelEngine();
  const outcome = await runPermutation({
    engine,
    scenario,
    level: 'read-committed',
    permutation: ['r1', 'w2', 'w1', 'c2', 'c1'],
    trace: true,
  });
  await engine.close();
  // w1 waits for T2's row lock, then re-reads the row T2 committed (EvalPlanQual)
  return groupTrace(modelDetails(outcome)?.steps ?? []).map((group) => group.heading);
}
