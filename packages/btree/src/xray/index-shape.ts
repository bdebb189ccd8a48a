/**
 * The shape of one B-tree as the x-ray reports it, whichever tree it came from: the toy
 * tree's `stats()`, PostgreSQL's `pageinspect`, or SQLite's `dbstat`.
 */
export interface IndexShape {
  /** Levels, counting the leaf level. */
  readonly height: number;
  readonly leafPages: number;
  readonly internalPages: number;
  /** How full the leaves are on average, 0 to 1, measured as `fillMeasure` says. */
  readonly avgLeafFill: number;
  /** `keys`: entries over the most a page holds; `bytes`: bytes used over bytes usable. */
  readonly fillMeasure: 'keys' | 'bytes';
  /** Entries per leaf page, on average. */
  readonly avgLeafItems: number;
  /** Bytes one entry takes in a leaf, with its slot (line pointer or cell pointer), on average. */
  readonly avgEntryBytes: number;
  readonly pageSize: number;
  /** Where the figures were read: a function or view of the engine, for the learner to try. */
  readonly source: string;
}
