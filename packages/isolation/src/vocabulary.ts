/**
 * @dbplay/isolation/vocabulary: the words a front end checks and prints before any engine
 * loads — engine names, each engine's levels and default, the levels a comparison accepts,
 * and the limits on how many permutations run. The CLI imports this entry point when it
 * registers its commands (validation, did-you-mean, help text), and the whole package only
 * when a command runs, so `dbplay --help` stays quick.
 */
export * from './engines/levels.ts';

/** Above this many interleavings, comparing "every" permutation draws a seeded sample. */
export const samplingThreshold = 2000;

/**
 * The most interleavings dbplay runs at once (`--all-permutations`, or a file that lists no
 * permutations). Six sessions of four steps have about 3.2·10¹⁵; above the limit dbplay says
 * how many there are and offers a sample instead of trying.
 */
export const permutationLimit = 10_000;
