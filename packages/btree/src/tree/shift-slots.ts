/**
 * Opening and closing a gap in a node's sorted array.
 *
 * Inserting into a page means shifting the later items one slot to the right, as
 * PostgreSQL's `PageAddItemExtended` (src/backend/storage/page/bufpage.c) moves line
 * pointers and SQLite's `insertCell` (src/btree.c) moves the cell index. `Array.prototype.splice`
 * would do it too, but it allocates an array for the removed items on every call; these
 * loops allocate nothing, which matters on the fast path of a million inserts.
 */

/** Inserts `item` at `slot`, moving `items[slot..]` one place to the right. */
export function insertSlot<T>(items: T[], slot: number, item: T): void {
  for (let i = items.length; i > slot; i--) items[i] = items[i - 1] as T;
  items[slot] = item;
}

/** Removes the item at `slot`, moving `items[slot+1..]` one place to the left. */
export function removeSlot<T>(items: T[], slot: number): void {
  const last = items.length - 1;
  for (let i = slot; i < last; i++) items[i] = items[i + 1] as T;
  items.pop();
}
