/**
 * @dbplay/core: what every dbplay structure shares.
 *
 * - the stepping model: {@link Step}, {@link Tracer}, {@link StepRecorder}
 * - errors that carry an exit code and a message for the user
 * - a seeded random generator, so "1,000 random keys, seed 7" is the same everywhere
 * - terminal drawing: tables, trees of boxes, colour that knows when to stay off
 * - binary search inside a sorted run of keys, the search every page does
 * - "did you mean …?" suggestions for mistyped names
 * - whether a process that left a pid behind is still running
 * - where to put files that live for seconds (in memory when there is room)
 * - reading SQL text: statements, comments, quotes, first keywords; comparing result rows
 * - a promise per key, forgotten on failure, for caching slow work
 */
export { type Compare, lowerBound, naturalCompare } from './binary-search.ts';
export type { ProbeStep } from './binary-search-steps.ts';
export { type BoxTreeNode, type BoxTreeOptions, renderBoxTree } from './box-tree.ts';
export { formatCount, plural } from './counts.ts';
export { closestMatches, didYouMean, editDistance } from './did-you-mean.ts';
export {
  BadInputError,
  CheckFailedError,
  DbplayError,
  type DbplayErrorOptions,
  EngineUnavailableError,
  ExitCode,
  formatLocation,
  isDbplayError,
  type SourceLocation,
} from './errors.ts';
export {
  type ColorDecisionInput,
  createPalette,
  type Palette,
  plainPalette,
  shouldUseColor,
} from './palette.ts';
export { processExists } from './process-exists.ts';
export { renderProgressBar } from './progress-bar.ts';
export { PromiseCache } from './promise-cache.ts';
export { type RowSet, type SameRowsOptions, sameRows } from './same-rows.ts';
export { scratchDirectory } from './scratch-directory.ts';
export { SeededRandom } from './seeded-random.ts';
export {
  codeOnly,
  firstKeyword,
  quoteIdent,
  type SqlDialect,
  type SqlPiece,
  type SqlStatement,
  scanSql,
  splitStatements,
  stripComments,
} from './sql-text.ts';
export { type Step, StepRecorder, type Tracer, tracerOf } from './step.ts';
export { renderTable, type TableColumn, type TableOptions } from './table.ts';
export { TextCanvas } from './text-canvas.ts';
export { padVisible, stripAnsi, visibleWidth, wrapWords } from './text-width.ts';
