/**
 * PGlite with the `pageinspect` extension loaded: PostgreSQL's own functions for reading
 * index pages (contrib/pageinspect/btreefuncs.c), which the x-ray uses to show a real
 * nbtree's levels, pages and items. Started the one way dbplay starts PGlite
 * (@dbplay/engines).
 */
import { startPglite } from '@dbplay/engines';
import type { PGlite } from '@electric-sql/pglite';

export function startPgliteWithPageinspect(): Promise<PGlite> {
  return startPglite({ extensions: ['pageinspect'] });
}
