/**
 * A B+tree trace as page data: the tree after every step, the nodes each step touched, and
 * the path the operation has taken so far.
 *
 * The steps come from @dbplay/btree's tracer, each with a snapshot of the whole tree. A
 * page for a thousand inserts would repeat the tree thousands of times, so node versions
 * are interned: a node whose keys and children did not change since the last step is
 * stored once, and a step names its root's version. An insert changes one leaf and the
 * nodes above it, so each step adds about `height` small records (the idea of a
 * persistent, path-copying tree, used here only to keep the page small).
 *
 * The trail is the operation's way through the tree: the nodes a lookup visited, the leaf
 * it ended in, the leaves a range scan read and hopped between. It restarts with each
 * operation, so a page for `find 7 12` shows two descents, one after the other.
 */
import type { BTreeStep, SnapshotNode, TreeSnapshot } from '@dbplay/btree';
import type { BtreeNodeVersion, BtreePageData, BtreePageStep, PageTable } from '../page-data.ts';

export interface BtreeOperationTrace {
  /** How the page names it: `insert 40`, `find 7`, `range 3..9`. */
  readonly label: string;
  readonly steps: readonly BTreeStep[];
}

export interface BtreePageInput {
  readonly title: string;
  readonly subtitle: string;
  /** The tree before the first operation: the page's first step draws it. */
  readonly start: TreeSnapshot;
  readonly operations: readonly BtreeOperationTrace[];
  /** The tree after the last operation, for trees too big for a snapshot per step. */
  readonly end?: TreeSnapshot;
  readonly tables?: readonly PageTable[];
  readonly notes?: readonly string[];
}

/** Nodes holding more keys than this keep only their first three and last two (and the count). */
const maxKeysKept = 16;

/** Steps that change the tree's shape: the page draws the tree before them beside the tree after. */
const shapeChanges: ReadonlySet<string> = new Set(['split', 'merge', 'borrow', 'new-root', 'root-collapse']);

export function btreePage(input: BtreePageInput): BtreePageData {
  const interner = new NodeInterner();
  const startRoot = interner.snapshot(input.start);
  const steps: BtreePageStep[] = [
    {
      kind: 'start',
      narration: describeStart(input.start, input.operations.length),
      touched: [],
      operation: -1,
      root: startRoot,
      trail: [],
    },
  ];
  let root: number | null = startRoot;
  input.operations.forEach((operation, index) => {
    const trail: number[] = [];
    for (const step of operation.steps) {
      const before = root;
      // A tree over @dbplay/btree's snapshot limit records no picture per step: say so rather than redraw a stale one.
      root = step.snapshot === undefined ? null : interner.snapshot(step.snapshot);
      extendTrail(trail, step);
      steps.push({
        kind: step.kind,
        narration: step.narration,
        touched: [...step.touched],
        operation: index,
        root,
        ...(shapeChanges.has(step.kind) && before !== null && before !== root ? { before } : {}),
        trail: [...trail],
      });
    }
  });
  if (input.end !== undefined) {
    const end = interner.snapshot(input.end);
    if (end !== root) {
      steps.push({
        kind: 'end',
        narration: `The tree after ${input.operations.length === 1 ? 'the operation' : 'the operations'}: ${describeShape(input.end)}.`,
        touched: [],
        operation: input.operations.length - 1,
        root: end,
        trail: [],
      });
    }
  }
  return {
    kind: 'btree',
    title: input.title,
    subtitle: input.subtitle,
    order: input.start.order,
    operations: input.operations.map((operation) => operation.label),
    nodes: interner.versions,
    steps,
    ...(input.tables === undefined ? {} : { tables: input.tables }),
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
}

function describeShape(tree: TreeSnapshot): string {
  return `${tree.size} ${tree.size === 1 ? 'key' : 'keys'} in ${tree.height} ${tree.height === 1 ? 'level' : 'levels'}, at most ${tree.order} keys a node`;
}

function describeStart(tree: TreeSnapshot, operations: number): string {
  const then =
    operations === 0
      ? ''
      : ` Step forward to follow the ${operations === 1 ? 'operation' : `${operations} operations`}.`;
  return `The tree before anything happens: ${describeShape(tree)}.${then}`;
}

/** The nodes an operation has passed through, in order, each once. */
function extendTrail(trail: number[], step: BTreeStep): void {
  const add = (id: number | null) => {
    if (id !== null && !trail.includes(id)) trail.push(id);
  };
  switch (step.kind) {
    case 'visit':
      add(step.node);
      add(step.child);
      break;
    case 'found':
    case 'missing':
    case 'insert':
    case 'update':
    case 'remove':
      add(step.leaf);
      break;
    case 'scan':
      add(step.leaf);
      break;
    case 'leaf-hop':
      add(step.from);
      add(step.to);
      break;
    case 'scan-end':
      add(step.leaf);
      break;
    default:
      break;
  }
}

/** Keeps each distinct node version once; a snapshot becomes the index of its root's version. */
class NodeInterner {
  readonly versions: BtreeNodeVersion[] = [];
  private readonly index = new Map<string, number>();

  snapshot(tree: TreeSnapshot): number {
    return this.node(tree.root);
  }

  private node(node: SnapshotNode): number {
    // A page of hundreds of keys is drawn as its first and last few anyway; keep those and the count.
    const elided = node.keys.length > maxKeysKept;
    const shown = elided ? [...node.keys.slice(0, 3), ...node.keys.slice(-2)] : node.keys;
    const keys = shown.map(keyText);
    const children = node.children?.map((child) => this.node(child));
    const identity = JSON.stringify([node.id, node.leaf, keys, node.keys.length, children ?? null]);
    const known = this.index.get(identity);
    if (known !== undefined) return known;
    const version: BtreeNodeVersion = {
      id: node.id,
      leaf: node.leaf,
      keys,
      ...(elided ? { count: node.keys.length } : {}),
      ...(children === undefined ? {} : { children }),
    };
    this.versions.push(version);
    this.index.set(identity, this.versions.length - 1);
    return this.versions.length - 1;
  }
}

/** A key as the terminal drawing shows it (@dbplay/btree's formatKey): numbers and strings as they are. */
function keyText(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}
