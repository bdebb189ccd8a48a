/**
 * Reading SQL text without a SQL parser: telling who begins and ends a session's
 * transaction. (Splitting a step into statements is @dbplay/core's, tested there.)
 */
import { parseSpec } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { beginsTransaction, endsTransaction, transactionPolicy } from '../src/spec/transaction-control.ts';

describe('transaction control', () => {
  it('recognises statements that begin and end transactions', () => {
    expect(beginsTransaction('BEGIN ISOLATION LEVEL SERIALIZABLE;')).toBe(true);
    expect(beginsTransaction('start transaction read only')).toBe(true);
    expect(beginsTransaction('select 1; begin immediate;')).toBe(true);
    expect(beginsTransaction("select 'begin'")).toBe(false);
    expect(endsTransaction('commit;')).toBe(true);
    expect(endsTransaction('abort')).toBe(true);
    expect(endsTransaction('rollback to savepoint s')).toBe(false);
    expect(endsTransaction('update t set x = 1')).toBe(false);
  });

  it("leaves a session's own transaction alone and begins the others' at the requested level", () => {
    const scenario = parseSpec(`
session Level
setup { BEGIN ISOLATION LEVEL SERIALIZABLE; }
step l1 { commit; }
session NoLevel
setup { begin; }
step n1 { commit; }
session FirstStep
step f1 { begin; }
step f2 { commit; }
session Auto
step a1 { update t set x = 1; }
session Runner
step r1 { select 1; }
step r2 { rollback; }
`);
    expect(scenario.sessions.map((s) => [s.name, transactionPolicy(s)])).toEqual([
      ['Level', 'own'],
      ['NoLevel', 'runner-sets-level'],
      ['FirstStep', 'own'],
      ['Auto', 'autocommit'],
      ['Runner', 'runner-begins'],
    ]);
  });
});
