/**
 * Every interleaving of the sessions' steps that keeps each session's own order.
 *
 * When a spec lists no permutations, PostgreSQL's tester runs all of them
 * (run_all_permutations_recurse in src/test/isolation/isolationtester.c): at each point,
 * take the next step of the first session that has one left, recurse, then try the next
 * session. The same order here means "permutation 17" names the same schedule in both.
 *
 * Two sessions of three steps give C(6,3) = 20 interleavings; three sessions of four
 * steps give 12!/(4!·4!·4!) = 34,650, which is why a seeded random sample is offered too.
 */
import { SeededRandom } from '@dbplay/core';
import type { Scenario } from '../spec/scenario.ts';

/** The steps of each session, by name, in session order. */
function piles(scenario: Scenario): string[][] {
  return scenario.sessions.map((session) => session.steps.map((step) => step.name));
}

/** How many interleavings there are: the multinomial coefficient (n1+…+nk)! / (n1!·…·nk!). */
export function countInterleavings(scenario: Scenario): number {
  let total = 1;
  let placed = 0;
  for (const pile of piles(scenario)) {
    // Choose the positions of this session's steps among those placed so far plus its own.
    for (let i = 1; i <= pile.length; i++) {
      placed++;
      total = (total * placed) / i;
    }
  }
  return Math.round(total);
}

/** Every interleaving, in PostgreSQL's tester's order, as lists of step names. */
export function* allInterleavings(scenario: Scenario): Generator<string[]> {
  const stacks = piles(scenario);
  const next = stacks.map(() => 0);
  const total = stacks.reduce((sum, pile) => sum + pile.length, 0);
  const chosen: string[] = [];
  function* recurse(): Generator<string[]> {
    if (chosen.length === total) {
      yield [...chosen];
      return;
    }
    for (const [i, pile] of stacks.entries()) {
      const at = next[i] ?? 0;
      const step = pile[at];
      if (step === undefined) continue;
      chosen.push(step);
      next[i] = at + 1;
      yield* recurse();
      next[i] = at;
      chosen.pop();
    }
  }
  yield* recurse();
}

/**
 * `count` different interleavings drawn at random with `seed`, in the tester's order; all of
 * them when there are no more than `count`. A uniformly shuffled list of session labels is a
 * uniformly random interleaving, because every interleaving arises from the same number of
 * shuffles.
 */
export function sampleInterleavings(scenario: Scenario, count: number, seed: number | string): string[][] {
  if (countInterleavings(scenario) <= count) return [...allInterleavings(scenario)];
  const random = new SeededRandom(seed);
  const stacks = piles(scenario);
  const labels = stacks.flatMap((pile, i) => pile.map(() => i));
  const seen = new Map<string, string[]>();
  while (seen.size < count) {
    const order = random.shuffle([...labels]);
    const next = stacks.map(() => 0);
    const steps = order.map((i) => {
      const at = next[i] ?? 0;
      next[i] = at + 1;
      return stacks[i]?.[at] ?? '';
    });
    seen.set(steps.join(' '), steps);
  }
  const rank = (steps: string[]) => steps.map((name) => labelOf(stacks, name));
  return [...seen.values()].sort((a, b) => compareLabels(rank(a), rank(b)));
}

function labelOf(stacks: string[][], step: string): number {
  return stacks.findIndex((pile) => pile.includes(step));
}

function compareLabels(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
