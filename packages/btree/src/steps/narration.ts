/**
 * What every narrated step shares: the shape of a step (core's {@link Step}, carrying a
 * {@link TreeSnapshot}, plus the fields of its kind), how a sentence names a node ("leaf 7",
 * "node 3"), and the snapshot a step carries when the tree is small enough to copy
 * (snapshot.ts).
 */
import type { Step } from '@dbplay/core';
import type { TreeState } from '../tree/tree-state.ts';
import { stepSnapshot, type TreeSnapshot } from './snapshot.ts';

/** A step of kind `Kind` with the fields that kind adds. */
export type BTreeStepOf<Kind extends string, Fields> = Step<Kind, TreeSnapshot> & Readonly<Fields>;

/** "leaf 7" or "node 3": how a narration names a node. */
export function nodeName(node: { readonly kind: 'leaf' | 'internal'; readonly id: number }): string {
  return `${node.kind === 'leaf' ? 'leaf' : 'node'} ${node.id}`;
}

/** The sentence's first word capitalised: "Leaf 7 holds". */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A step's snapshot field: the tree now, or none for a tree too big to copy per step. */
export function withSnapshot<K, V>(state: TreeState<K, V>): { snapshot?: TreeSnapshot } {
  const snapshot = stepSnapshot(state);
  return snapshot === undefined ? {} : { snapshot };
}
