/**
 * The x-ray: the same integer keys, in the same order, in three B-trees, measured side by
 * side. (a) the toy B+tree sized to PostgreSQL's 8 KiB pages; (b) a real PostgreSQL index
 * in PGlite, read with `pageinspect`; (c) a real SQLite index, read with `dbstat`. The
 * engines' figures are read from the engines on every run, never computed here.
 */
import { BadInputError, formatCount } from '@dbplay/core';
import { openSqlite } from '@dbplay/engines';
import type { PGlite } from '@electric-sql/pglite';
import type { TreeSnapshot } from '../steps/snapshot.ts';
import { explainShapes } from './explain-shapes.ts';
import type { IndexShape } from './index-shape.ts';
import { type InsertOrder, keysInOrder } from './insert-order.ts';
import { type PostgresPage, postgresPage } from './postgres-page.ts';
import { loadPostgres, type PostgresShape, postgresShape } from './postgres-shape.ts';
import { type SqliteShape, sqliteShape } from './sqlite-shape.ts';
import { startPgliteWithPageinspect } from './start-pageinspect.ts';
import { toyShape, toyTree } from './toy-shape.ts';

/** The most keys an x-ray builds: enough for a 3-level tree in every engine. */
export const maxXrayKeys = 2_000_000;

export interface XrayOptions {
  /** How many keys: 1..n. */
  readonly n: number;
  readonly insertOrder?: InsertOrder;
  /** The seed of the `random` order. Default 1. */
  readonly seed?: number | string;
  /** Also read the items of this PostgreSQL index page. */
  readonly showPage?: number;
  /** A PGlite with pageinspect to reuse (the caller closes it); one is started otherwise. */
  readonly pglite?: PGlite;
  /** A cache folder, so PGlite's cluster is created once and reused (see start-pageinspect.ts). */
  readonly cacheDir?: string;
  /** Also return the toy tree's snapshot (`toyTree`), to draw it. */
  readonly toySnapshot?: boolean;
  /** Told what is happening, for a progress line. */
  readonly onProgress?: (text: string) => void;
}

export interface XrayReport {
  readonly n: number;
  readonly insertOrder: InsertOrder;
  readonly seed: number | string;
  readonly toy: IndexShape & { readonly order: number };
  readonly postgres: PostgresShape;
  readonly sqlite: SqliteShape;
  readonly notes: readonly string[];
  readonly page?: PostgresPage;
  /** The toy tree itself, when `toySnapshot` asked for it. */
  readonly toyTree?: TreeSnapshot;
}

export async function xrayBtree(options: XrayOptions): Promise<XrayReport> {
  const { n, insertOrder = 'sequential', seed = 1, onProgress } = options;
  if (!Number.isInteger(n) || n < 1 || n > maxXrayKeys) {
    throw new BadInputError(
      `the number of keys must be a whole number from 1 to ${formatCount(maxXrayKeys)}; got ${n}`,
    );
  }
  const keys = keysInOrder(n, insertOrder, seed);

  onProgress?.(`inserting ${n} keys into the toy B+tree …`);
  const tree = toyTree(keys);
  const toy = toyShape(tree);

  onProgress?.('starting PGlite with pageinspect …');
  const db =
    options.pglite ??
    (await startPgliteWithPageinspect(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }));
  let postgres: PostgresShape;
  let page: PostgresPage | undefined;
  try {
    onProgress?.(`inserting ${n} keys into PostgreSQL (PGlite) …`);
    await loadPostgres(db, keys);
    postgres = await postgresShape(db);
    if (options.showPage !== undefined) page = await postgresPage(db, options.showPage, postgres.pages);
  } finally {
    if (options.pglite === undefined) await db.close();
  }

  onProgress?.(`inserting ${n} keys into SQLite …`);
  const sqliteDb = await openSqlite();
  let sqlite: SqliteShape;
  try {
    sqlite = sqliteShape(sqliteDb, keys);
  } finally {
    sqliteDb.close();
  }

  const notes = explainShapes({ n, insertOrder, toy, postgres, sqlite });
  return {
    n,
    insertOrder,
    seed,
    toy,
    postgres,
    sqlite,
    notes,
    ...(page === undefined ? {} : { page }),
    ...(options.toySnapshot === true ? { toyTree: tree.snapshot() } : {}),
  };
}
