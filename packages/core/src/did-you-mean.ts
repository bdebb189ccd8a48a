/**
 * "Did you mean …?": the closest of the valid choices to a mistyped one.
 *
 * A learner who types `--insert-order sequental` or `dbplay isolation run writeskew`
 * deserves the right spelling, not just a refusal. Closeness is the edit distance with
 * transpositions (Damerau–Levenshtein, optimal string alignment), the measure git and
 * commander use for their suggestions; a choice is offered only when at most about a
 * third of the word had to change, so wild guesses get no suggestion.
 */

/** The valid choices closest to `input`, best first; empty when none is close. */
export function closestMatches(input: string, choices: readonly string[]): string[] {
  const word = input.toLowerCase();
  const scored = [...new Set(choices)]
    .map((choice) => ({ choice, distance: editDistance(word, choice.toLowerCase()) }))
    .filter(
      ({ choice, distance }) => distance <= Math.max(1, Math.floor(Math.max(word.length, choice.length) / 3)),
    )
    .sort((a, b) => a.distance - b.distance || a.choice.localeCompare(b.choice));
  const best = scored[0]?.distance;
  return scored.filter((s) => s.distance === best).map((s) => s.choice);
}

/** ` (did you mean X?)` when a choice is close, else the empty string: ready to append to a message. */
export function didYouMean(input: string, choices: readonly string[]): string {
  const matches = closestMatches(input, choices);
  if (matches.length === 0) return '';
  return ` (did you mean ${matches.map((m) => `'${m}'`).join(' or ')}?)`;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}
