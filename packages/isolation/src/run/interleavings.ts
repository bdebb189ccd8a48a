/**
 * Every interleaving of the sessions' steps that keeps each session's own order, numbered
 * the way PostgreSQL's tester runs them — and reached by number, counted and sampled without
 * listing them.
 *
 * When a spec lists no permutations, PostgreSQL's tester runs all of them
 * (run_all_permutations_recurse in src/test/isolation/isolationtester.c): at each point,
 * take the next step of the first session that has one left, recurse, then try the next
 * session. The same order here means "permutation 17" names the same schedule in both.
 *
 * Two sessions of three steps give C(6,3) = 20 interleavings; three sessions of four steps
 * give 12!/(4!·4!·4!) = 34,650; six sessions of four give about 3.2·10¹⁵, which no list
 * holds. So nothing here lists what it does not return: the number of interleavings is a
 * multinomial coefficient; the k-th interleaving is found by counting, position by position,
 * how many interleavings begin with each possible next step (the way a number's digits are
 * found by division), and a step list's number by the same count the other way; a random
 * interleaving is a shuffle of the session labels (every interleaving arises from the same
 * number of shuffles, so the draw is uniform).
 */
import { SeededRandom } from '@dbplay/core';
import type { Scenario } from '../spec/scenario.ts';

/** The steps of each session, by name, in session order. */
function piles(scenario: Scenario): string[][] {
  return scenario.sessions.map((session) => session.steps.map((step) => step.name));
}

/** (n1+…+nk)! / (n1!·…·nk!) for the steps still to place, exactly. */
function multinomial(remaining: readonly number[]): bigint {
  let total = 1n;
  let placed = 0n;
  for (const count of remaining) {
    // Choose the positions of this session's steps among those placed so far plus its own.
    for (let i = 1n; i <= BigInt(count); i++) {
      placed++;
      total = (total * placed) / i;
    }
  }
  return total;
}

/** How many interleavings there are, exactly. */
export function countInterleavingsExactly(scenario: Scenario): bigint {
  return multinomial(piles(scenario).map((pile) => pile.length));
}

/** How many interleavings there are (a float above 2⁵³, exact below). */
export function countInterleavings(scenario: Scenario): number {
  return Number(countInterleavingsExactly(scenario));
}

/** Every interleaving, in PostgreSQL's tester's order, as lists of step names. */
export function* allInterleavings(scenario: Scenario): Generator<string[]> {
  const stacks = piles(scenario);
  const next = stacks.map(() => 0);
  const total = stacks.reduce((sum, pile) => sum + pile.length, 0);
  // The tester's recursion, unrolled: `tried[d]` is the session whose step sits at position d;
  // going back from a full list, the deepest position tries the next session that has a step
  // left (one generator, however long the permutations: a recursive generator would pass each
  // permutation up through every level).
  if (total === 0) {
    yield [];
    return;
  }
  const chosen: string[] = [];
  const tried: number[] = [];
  let session = 0;
  for (;;) {
    // Place the first step that can go at the next position, from session `session` on.
    while (session < stacks.length && (stacks[session] as string[])[next[session] as number] === undefined)
      session++;
    if (session < stacks.length) {
      chosen.push((stacks[session] as string[])[next[session] as number] as string);
      next[session] = (next[session] as number) + 1;
      tried.push(session);
      session = 0;
      if (chosen.length < total) continue;
      yield [...chosen];
    }
    // Take back the last step placed and try the session after its own there.
    const last = tried.pop();
    if (last === undefined) return;
    chosen.pop();
    next[last] = (next[last] as number) - 1;
    session = last + 1;
  }
}

/**
 * The `number`-th interleaving (from 1) in the tester's order, without listing the ones
 * before it. At each position, the interleavings that take session i's next step come before
 * those that take session i+1's, and there are multinomial(what is left) of them: skip whole
 * blocks until `number` falls inside one.
 */
export function interleavingNumbered(scenario: Scenario, number: number | bigint): string[] {
  const stacks = piles(scenario);
  const remaining = stacks.map((pile) => pile.length);
  const total = multinomial(remaining);
  let rest = BigInt(number) - 1n;
  if (rest < 0n || rest >= total) throw new RangeError(`interleaving ${number} of ${total}`);
  const steps: string[] = [];
  const length = remaining.reduce((sum, n) => sum + n, 0);
  while (steps.length < length) {
    for (const [i, pile] of stacks.entries()) {
      const left = remaining[i] ?? 0;
      if (left === 0) continue;
      remaining[i] = left - 1;
      const block = multinomial(remaining);
      if (rest < block) {
        steps.push(pile[pile.length - left] ?? '');
        break;
      }
      rest -= block;
      remaining[i] = left;
    }
  }
  return steps;
}

/** The number (from 1) of an interleaving in the tester's order: the inverse of interleavingNumbered. */
export function numberOfInterleaving(scenario: Scenario, steps: readonly string[]): bigint {
  const stacks = piles(scenario);
  const remaining = stacks.map((pile) => pile.length);
  let before = 0n;
  for (const step of steps) {
    const session = stacks.findIndex((pile, i) => pile[pile.length - (remaining[i] ?? 0)] === step);
    if (session === -1) throw new RangeError(`step ${step} is not next in any session`);
    // Every interleaving that takes an earlier session's next step here comes first.
    for (let i = 0; i < session; i++) {
      const left = remaining[i] ?? 0;
      if (left === 0) continue;
      remaining[i] = left - 1;
      before += multinomial(remaining);
      remaining[i] = left;
    }
    remaining[session] = (remaining[session] ?? 0) - 1;
  }
  return before + 1n;
}

/** One interleaving drawn uniformly at random: a shuffle of the session labels. */
function drawInterleaving(stacks: readonly string[][], random: SeededRandom): string[] {
  const labels = stacks.flatMap((pile, i) => pile.map(() => i));
  const order = random.shuffle(labels);
  const next = stacks.map(() => 0);
  return order.map((i) => {
    const at = next[i] ?? 0;
    next[i] = at + 1;
    return stacks[i]?.[at] ?? '';
  });
}

/**
 * `count` different interleavings drawn at random with `seed`, each with its number, in the
 * tester's order; all of them when there are no more than `count`. Draws until it has `count`
 * different ones, so memory and time grow with `count`, never with how many there are.
 */
export function sampleInterleavings(
  scenario: Scenario,
  count: number,
  seed: number | string,
): { readonly number: number; readonly steps: string[] }[] {
  const total = countInterleavingsExactly(scenario);
  if (total <= BigInt(count)) {
    return [...allInterleavings(scenario)].map((steps, i) => ({ number: i + 1, steps }));
  }
  const random = new SeededRandom(seed);
  const stacks = piles(scenario);
  const seen = new Map<bigint, string[]>();
  while (seen.size < count) {
    const steps = drawInterleaving(stacks, random);
    seen.set(numberOfInterleaving(scenario, steps), steps);
  }
  return [...seen]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([number, steps]) => ({ number: Number(number), steps }));
}
