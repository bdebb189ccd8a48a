import { closestMatches, didYouMean, editDistance } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

describe('did you mean', () => {
  it('counts edits, with a swap of neighbours as one', () => {
    expect(editDistance('doctor', 'doctor')).toBe(0);
    expect(editDistance('doctr', 'doctor')).toBe(1);
    expect(editDistance('dcotor', 'doctor')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close choices and nothing for wild guesses', () => {
    expect(closestMatches('sequental', ['sequential', 'random', 'descending'])).toEqual(['sequential']);
    expect(closestMatches('PGLITE', ['pglite', 'sqlite'])).toEqual(['pglite']);
    expect(closestMatches('banana', ['pglite', 'sqlite'])).toEqual([]);
    expect(didYouMean('sqlit', ['pglite', 'sqlite'])).toBe(" (did you mean 'sqlite'?)");
    expect(didYouMean('zzz', ['pglite'])).toBe('');
  });

  it('offers every choice that is equally close', () => {
    expect(closestMatches('lite', ['xlite', 'ylite', 'sqlite'])).toEqual(['xlite', 'ylite']);
  });
});
