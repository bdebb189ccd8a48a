/**
 * Reading SQL text without a SQL parser: telling who begins and ends a session's
 * transaction. (Splitting a step into statements is @dbplay/core's, tested there.)
 */
import { parseSpec } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { engineLine } from '../src/render/render-transcript.ts';
import type { ScenarioReport } from '../src/run/run-scenario.ts';
import {
  beginsTransaction,
  describeBeginnings,
  endsTransaction,
  runsOutsideTransactionBlock,
  transactionPolicy,
} from '../src/spec/transaction-control.ts';

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

  it('recognises the statements PostgreSQL refuses inside a transaction block', () => {
    expect(runsOutsideTransactionBlock('VACUUM foo;')).toBe(true);
    expect(runsOutsideTransactionBlock('create index concurrently i on t (x)')).toBe(true);
    expect(runsOutsideTransactionBlock('REINDEX INDEX CONCURRENTLY i')).toBe(true);
    expect(runsOutsideTransactionBlock('create index i on t (x)')).toBe(false);
    expect(runsOutsideTransactionBlock("select 'vacuum'")).toBe(false);
    // Two statements in one query share an implicit block, where VACUUM fails too.
    expect(runsOutsideTransactionBlock('select 1; vacuum foo')).toBe(false);
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
session Vacuum
step v1 { vacuum t; }
step v2 { update t set x = 2; }
step v3 { commit; }
`);
    expect(scenario.sessions.map((s) => [s.name, transactionPolicy(s)])).toEqual([
      ['Level', 'own'],
      ['NoLevel', 'runner-sets-level'],
      ['FirstStep', 'own'],
      ['Auto', 'autocommit'],
      ['Runner', 'runner-begins'],
      ['Vacuum', 'own'],
    ]);
  });

  it("says in the transcript's header how each session really begins (a spec's own SERIALIZABLE is not dbplay's READ COMMITTED)", () => {
    const header = (spec: string) => {
      const scenario = parseSpec(spec);
      const beginStatement = describeBeginnings(scenario.sessions, 'BEGIN ISOLATION LEVEL READ COMMITTED');
      const report = { scenario, engine: 'postgres', level: 'read-committed', beginStatement };
      return engineLine(report as unknown as ScenarioReport);
    };
    expect(header('session T1\nstep a { select 1; }\nstep c { commit; }')).toBe(
      'engine: postgres at read-committed; dbplay begins sessions with BEGIN ISOLATION LEVEL READ COMMITTED',
    );
    expect(
      header(
        'session s1\nsetup { BEGIN ISOLATION LEVEL SERIALIZABLE; }\nstep a { select 1; }\nsession s2\nsetup { begin isolation level serializable; }\nstep b { commit; }',
      ),
    ).toBe('engine: postgres; sessions begin with its own BEGIN, as written (SERIALIZABLE)');
    expect(
      header(
        'session s1\nsetup { begin; }\nstep a { commit; }\nsession s2\nstep b { update t set x = 1; }\nsession s3\nstep c { select 1; }\nstep d { commit; }',
      ),
    ).toBe(
      "engine: postgres at read-committed; sessions begin with s1: its setup's BEGIN, at the run's level (BEGIN ISOLATION LEVEL READ COMMITTED); s2: no transaction: each statement commits on its own; s3: BEGIN ISOLATION LEVEL READ COMMITTED",
    );
  });
});
