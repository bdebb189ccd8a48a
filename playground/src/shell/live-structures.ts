/**
 * Structures that live as long as the shell: one B+tree and one LSM store.
 *
 * A one-shot `dbplay btree insert 5 9 12` builds a tree, changes it and forgets it; in the shell
 * the tree stays, so `btree insert 5 9 12`, `btree delete 9`, `btree find 7` and `btree range 3
 * 9` follow each other on the same tree until `btree new`. Insert and delete draw exactly what
 * the one-shot commands draw (their renderer, edit-tree.ts); find and range print the search's
 * steps (the path from the root, the leaf hops of a scan) and the tree with the nodes touched.
 *
 * The LSM commands are the CLI's own (lsm-store-actions.ts): the shell only hands them its open
 * store instead of letting each one open and close a directory (store-session.ts's
 * keepStoresOpen). Without `--dir`, the store is in memory (`--dir :memory:`).
 */
import { basename } from 'node:path';
import type { BPlusTree, BTreeStep } from '@dbplay/btree';
import { BadInputError, formatCount, type Step, StepRecorder } from '@dbplay/core';
import type { LsmTree } from '@dbplay/lsm';
import type { PageData } from '@dbplay/viewer';
import { cliDefaultOrder, render, withoutSnapshot } from '../commands/btree/edit-tree.ts';
import { type CliKey, parseKeys } from '../commands/btree/tree-keys.ts';
import type { StoreFlags } from '../commands/lsm/store-flags.ts';
import { storeOptions } from '../commands/lsm/store-flags.ts';
import type { CommandContext } from '../context.ts';
import { wholeNumber } from '../options.ts';
import { playSteps } from '../step-player.ts';

/** The in-memory store's name where a directory would go. */
export const memoryStore = ':memory:';

/** The `btree` subcommands the shell runs on its own tree. */
export const liveBtreeCommands = ['new', 'insert', 'delete', 'find', 'range', 'draw'] as const;

/** The `lsm` subcommands that act on a store (and so on the shell's open one). */
export const storeCommands = ['put', 'get', 'delete', 'scan', 'flush', 'compact', 'stats', 'draw', 'load'];

/** One command on the shell's tree, kept so that `\html btree FILE` can replay it traced. */
interface TreeCommand {
  readonly operation: 'insert' | 'delete' | 'find' | 'range';
  readonly keys: readonly CliKey[];
}

/** The most key operations `\html btree` replays: a page of 1,000 inserts is about 1.7 MB. */
const maxPageOperations = 5_000;

export class LiveStructures {
  private tree: BPlusTree<CliKey, CliKey> | null = null;
  /** What was done to the tree since `btree new`: the page replays it with tracing on. */
  private history: TreeCommand[] = [];
  private store: { readonly dir: string; readonly tree: LsmTree } | null = null;

  /**
   * Whether the shell's tree should run `btree …` (the words after `btree`): the live commands,
   * except an insert or delete that says which tree to start from (then it is the one-shot one).
   */
  handlesBtree(words: readonly string[]): boolean {
    const [sub, ...rest] = words;
    if (!(liveBtreeCommands as readonly string[]).includes(sub ?? '')) return false;
    if (sub === 'insert' || sub === 'delete') {
      return !rest.some((word) => /^--(keys|random|sequential|seed|order|key-type|dot)\b/.test(word));
    }
    return !rest.includes('--help') && !rest.includes('-h');
  }

  async btree(words: readonly string[], context: CommandContext): Promise<void> {
    const [sub = '', ...rest] = words;
    const trace = rest.includes('--trace');
    const args = rest.filter((word) => word !== '--trace' && word !== '--json');
    switch (sub) {
      case 'new': {
        const order = optionValue(args, '--order');
        const { BPlusTree, maxOrder, minOrder } = await import('@dbplay/btree');
        const n =
          order === undefined
            ? cliDefaultOrder
            : wholeNumber('--order', { min: minOrder, max: maxOrder })(order);
        this.tree = new BPlusTree<CliKey, CliKey>({ order: n });
        this.history = [];
        if (context.json) context.printJson({ ok: true, operation: 'new', order: n });
        else context.print(`a new empty B+tree of order ${n}; btree insert adds keys`);
        return;
      }
      case 'insert':
      case 'delete':
        return this.edit(sub, args, trace, context);
      case 'find':
        return this.find(args, context);
      case 'range':
        return this.range(args, context);
      case 'draw': {
        const tree = await this.currentTree();
        if (context.json) {
          context.printJson({ order: tree.order, stats: tree.stats(), snapshot: tree.snapshot() });
          return;
        }
        const { drawTree } = await import('@dbplay/btree');
        context.print(drawTree(tree.snapshot(), { palette: context.palette }));
        return;
      }
    }
  }

  /**
   * The tree's history since `btree new` as a page (`\html btree FILE`): the commands are
   * replayed on a new tree of the same order with tracing on, so that typing them untraced
   * costs nothing. One operation per key, as `btree insert --html` draws them.
   */
  async btreePage(): Promise<PageData> {
    const tree = this.tree;
    if (tree === null || this.history.length === 0) {
      throw new BadInputError('\\html btree: the shell’s B+tree is empty: btree insert 5 9 12 first');
    }
    const keyOperations = this.history.reduce(
      (sum, command) => sum + (command.operation === 'range' ? 1 : command.keys.length),
      0,
    );
    if (keyOperations > maxPageOperations) {
      throw new BadInputError(
        `\\html btree draws at most ${formatCount(maxPageOperations)} operations; this tree had ${formatCount(keyOperations)} since btree new`,
        { hint: 'btree new, then fewer keys' },
      );
    }
    const [{ BPlusTree }, { btreePage }] = await Promise.all([
      import('@dbplay/btree'),
      import('@dbplay/viewer'),
    ]);
    const replay = new BPlusTree<CliKey, CliKey>({ order: tree.order });
    const start = replay.snapshot();
    const operations = this.history.flatMap(({ operation, keys }) => {
      if (operation === 'range') {
        const recorder = new StepRecorder<BTreeStep>();
        const [low, high] = keys as [CliKey, CliKey];
        [...replay.entries(low, high, recorder)];
        return [{ label: `range ${low}..${high}`, steps: recorder.steps }];
      }
      return keys.map((key) => {
        const recorder = new StepRecorder<BTreeStep>();
        if (operation === 'insert') replay.set(key, key, recorder);
        else if (operation === 'delete') replay.delete(key, recorder);
        else replay.get(key, recorder);
        return { label: `${operation} ${key}`, steps: recorder.steps };
      });
    });
    return btreePage({
      title: 'B+tree: the shell’s tree',
      subtitle: `dbplay shell, order ${tree.order} (the most keys a node holds), every command since btree new`,
      start,
      operations,
      end: replay.snapshot(),
    });
  }

  /** The store the LSM commands act on: the open one, or a new one for another `--dir`. */
  async storeFor(flags: StoreFlags): Promise<LsmTree> {
    // --dir paths are resolved against the user's folder as they are read (options.ts), so the
    // shell's `--dir :memory:` arrives as `/their/folder/:memory:`: the name is what counts.
    const dir = flags.dir === '' || basename(flags.dir) === memoryStore ? memoryStore : flags.dir;
    if (this.store !== null && this.store.dir === dir) return this.store.tree;
    const { LsmTree } = await import('@dbplay/lsm');
    const options = storeOptions(flags);
    const tree = await LsmTree.open(dir === memoryStore ? { ...options, dir: undefined } : options);
    this.store?.tree.close();
    this.store = { dir, tree };
    return tree;
  }

  /** Closes the store (a directory store writes its manifest and releases its lock). */
  close(): void {
    this.store?.tree.close();
    this.store = null;
  }

  private async currentTree(): Promise<BPlusTree<CliKey, CliKey>> {
    if (this.tree === null) {
      const { BPlusTree } = await import('@dbplay/btree');
      this.tree = new BPlusTree<CliKey, CliKey>({ order: cliDefaultOrder });
    }
    return this.tree;
  }

  private async edit(
    operation: 'insert' | 'delete',
    words: readonly string[],
    trace: boolean,
    context: CommandContext,
  ): Promise<void> {
    const keys = parseKeys(words, 'number');
    if (keys.length === 0)
      throw new BadInputError(`btree ${operation} needs keys: btree ${operation} 5 9 12`);
    const tree = await this.currentTree();
    this.history.push({ operation, keys });
    const recorder = trace ? new StepRecorder<BTreeStep>() : undefined;
    const results = keys.map((key) => ({
      key,
      changed: operation === 'insert' ? tree.set(key, key, recorder) : tree.delete(key, recorder),
    }));
    const check = tree.check();
    if (context.json) {
      context.printJson({
        operation,
        order: tree.order,
        results: results.map(({ key, changed }) => ({
          key,
          [operation === 'insert' ? 'added' : 'removed']: changed,
        })),
        stats: tree.stats(),
        check,
      });
      return;
    }
    await render(context, {
      operation,
      tree,
      start: 'the shell’s tree',
      results,
      check,
      recorder,
      flags: trace ? { trace: true } : {},
      style: 'auto',
    });
  }

  private async find(words: readonly string[], context: CommandContext): Promise<void> {
    const [key] = parseKeys(words, 'number');
    if (key === undefined || words.length !== 1)
      throw new BadInputError('btree find takes one key: btree find 7');
    const tree = await this.currentTree();
    this.history.push({ operation: 'find', keys: [key] });
    const recorder = new StepRecorder<BTreeStep>();
    const value = tree.get(key, recorder);
    if (context.json) {
      context.printJson({ key, found: value !== undefined, steps: recorder.steps.map(withoutSnapshot) });
      return;
    }
    await this.showSearch(recorder.steps, context);
    context.print(value === undefined ? `${key} is not in the tree` : `found ${key}`);
  }

  private async range(words: readonly string[], context: CommandContext): Promise<void> {
    const bounds = parseKeys(words, 'number');
    const [low, high] = bounds;
    if (low === undefined || high === undefined || bounds.length !== 2) {
      throw new BadInputError('btree range takes two keys, the first and the last: btree range 3 9');
    }
    const tree = await this.currentTree();
    this.history.push({ operation: 'range', keys: [low, high] });
    const recorder = new StepRecorder<BTreeStep>();
    const keys = [...tree.entries(low, high, recorder)].map(([k]) => k);
    if (context.json) {
      context.printJson({ low, high, keys, steps: recorder.steps.map(withoutSnapshot) });
      return;
    }
    await this.showSearch(recorder.steps, context);
    const { formatKeys } = await import('@dbplay/btree');
    context.print(keys.length === 0 ? `no keys from ${low} to ${high}` : `keys ${formatKeys(keys)}`);
  }

  /** The narrated steps of a search, then the tree with every node it touched highlighted. */
  private async showSearch(steps: readonly BTreeStep[], context: CommandContext): Promise<void> {
    const { drawTree } = await import('@dbplay/btree');
    await playSteps(steps as readonly Step[], context, { mode: 'trace' });
    const touched = [...new Set(steps.flatMap((step) => step.touched))];
    const tree = await this.currentTree();
    context.print(drawTree(tree.snapshot(), { palette: context.palette, highlight: touched }));
  }
}

function optionValue(words: readonly string[], flag: string): string | undefined {
  const at = words.findIndex((word) => word === flag || word.startsWith(`${flag}=`));
  if (at === -1) return undefined;
  const word = words[at] ?? '';
  return word.includes('=') ? word.slice(word.indexOf('=') + 1) : words[at + 1];
}
