/**
 * The scenario catalog in exercises/isolation: every file parses, is named for its id, tells
 * a story with a citation, lists its permutation, and stays a valid spec for PostgreSQL's
 * own isolation tester (bare sessions, metadata only in comments).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anomalyNamed, findScenario, loadCatalog } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { catalogDirectory } from '../src/spec/catalog.ts';

const hermitage = [
  'g0',
  'g1a',
  'g1b',
  'g1c',
  'otv',
  'pmp',
  'pmp-write',
  'p4',
  'g-single',
  'g-single-dependencies',
  'g-single-write-1',
  'g-single-write-2',
  'g2-item',
  'g2',
  'g2-two-edges',
];
const others = [
  'lost-update-increment',
  'lost-update-read-then-write',
  'non-repeatable-read',
  'phantom-count',
  'read-only-anomaly',
  'deadlock',
  'ssi-false-positive-seqscan',
  'ssi-false-positive-index',
  'doctors-on-call',
  'meeting-room',
  'overdraft',
  'inventory-counter',
];

// Locking patterns: how applications use locks (some prevent an anomaly, some only show a wait).
const locking = [
  'for-update-fixes-lost-update',
  'for-update-fixes-write-skew',
  'skip-locked-queue',
  'nowait',
  'lock-timeout',
  'optimistic-version-column',
  'retry-after-serialization-failure',
  'upsert-race',
  'advisory-lock',
  'exclusion-constraint-booking',
  'ddl-lock-queue',
];

describe('the isolation catalog', async () => {
  const catalog = await loadCatalog();

  it("holds Hermitage's fifteen tests and the stories learners remember", () => {
    expect(catalog.map((s) => s.id).sort()).toEqual([...hermitage, ...others, ...locking].sort());
  });

  it.each(catalog.map((scenario) => [scenario.id, scenario]))(
    '%s has a story, a citation and a schedule',
    (id, scenario) => {
      expect(scenario.file).toBe(join(catalogDirectory, `${id}.spec`));
      const { metadata } = scenario;
      expect(metadata.title).toMatch(/\S/);
      // A locking pattern that prevents no anomaly (a queue, a timeout) names none.
      if (!locking.includes(id) || metadata.anomaly !== null) {
        expect(anomalyNamed(metadata.anomaly ?? '')).toBeDefined();
      }
      // Two sentences (or more): what happens, and why it matters.
      expect(metadata.story?.match(/[.!?](\s|$)/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(metadata.cite).toMatch(/\S/);
      expect(scenario.permutations).toHaveLength(1);
      expect(scenario.sessions.length).toBeGreaterThanOrEqual(2);
      // PostgreSQL's tester reads it too: bare sessions, no braces around them.
      expect(scenario.source).not.toMatch(/^session\s+\S+\s*\{/m);
    },
  );

  it('finds scenarios by id, by alias and by path, and suggests the closest id', async () => {
    expect((await findScenario('write-skew')).id).toBe('g2-item');
    expect((await findScenario(join(catalogDirectory, 'p4.spec'))).id).toBe('p4');
    await expect(findScenario('g2-iten')).rejects.toThrow(
      "no scenario 'g2-iten' in the catalog (did you mean 'g2-item'?); 'dbplay isolation list' shows them, or give a path to a .spec file",
    );
    await expect(findScenario('./nowhere.spec')).rejects.toThrow(
      'cannot read scenario file ./nowhere.spec (ENOENT)',
    );
  });

  it('has no stray files', () => {
    const entries = readdirSync(catalogDirectory, { withFileTypes: true });
    // One folder beside the catalog: PostgreSQL's own suite, which `isolation conformance` runs.
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual([
      'postgres-suite',
    ]);
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(files.every((name) => name.endsWith('.spec'))).toBe(true);
    for (const name of files) expect(readFileSync(join(catalogDirectory, name), 'utf8')).toMatch(/^# id: /);
  });
});
