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
