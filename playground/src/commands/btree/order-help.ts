/**
 * What `--order` means, said once for every btree command's help.
 *
 * Books disagree: Knuth's order is the most children a node may have, CLRS's minimum
 * degree t is the fewest (a node holds t−1 to 2t−1 keys), and many courses say "order"
 * for the most keys. dbplay's order is the most keys a node holds, the number a page's
 * size decides. The bounds come from @dbplay/btree (its fill-bounds module alone, so the
 * help does not load the tree).
 */
import { maxOrder, minOrder } from '@dbplay/btree/fill-bounds';

export function orderHelp(defaultOrder: number): string {
  return `the order: the most keys a node holds (not Knuth's most children, nor CLRS's minimum degree), ${minOrder} to ${maxOrder} (default ${defaultOrder})`;
}
