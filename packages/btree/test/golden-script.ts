/**
 * Golden scripts: a test written as a session with the tree, commands and the output they
 * give side by side in one file, as toyDB's goldenscripts are (src/storage/testscripts/).
 *
 * A script is plain text. A line starting with `> ` is a command; the lines after it, up to
 * the next command or comment, are what it printed; a line starting with `#` is a comment
 * that says what the next commands show. The test runs every command of the file on a real
 * {@link BPlusTree} and writes the file out again with the output it got: it passes when
 * that text is the file, byte for byte (`pnpm test:update` rewrites the outputs after a
 * deliberate change, which the diff then shows). So a script reads as a specification and
 * is written by typing commands, never by copying output by hand.
 *
 * The commands (keys are whole numbers; each entry's value is its key):
 *
 *     > new order=4                  a new empty tree (order: the most keys a node holds)
 *     > load 10 20 30 order=3 fill=1 a tree built bottom-up from sorted keys (bulk loading)
 *     > insert 10 20                 insert keys one by one, narrating every step
 *     > delete 20                    delete keys one by one, narrating every step
 *     > get 30                       look a key up, narrating the descent
 *     > scan 10 40 [reverse]         the keys from 10 to 40, narrating the leaf walk
 *     > draw [levels]                the tree as boxes, or one line per level
 *     > check                        the invariants (ok, or the first one broken)
 *     > stats                        height, node counts and fill
 *
 * A command that fails prints `error: ` and its message, so error paths are scripted too.
 */
import { readFileSync } from 'node:fs';
import { BPlusTree, type BTreeStep, drawLevels, drawTree } from '@dbplay/btree';
import { StepRecorder } from '@dbplay/core';

/** One command of a script and the output the file holds for it. */
interface ScriptEntry {
  /** Comment lines before the command, kept as they are. */
  readonly comments: readonly string[];
  readonly command: string;
  readonly output: string;
}

/** Reads a script: its commands, each with its comments and the output the file holds. */
export function parseScript(text: string): ScriptEntry[] {
  const entries: { comments: string[]; command: string; output: string[] }[] = [];
  let comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      comments.push(line);
    } else if (line.startsWith('> ')) {
      entries.push({ comments, command: line.slice(2).trim(), output: [] });
      comments = [];
    } else if (comments.length === 0) {
      entries.at(-1)?.output.push(line);
    } else if (line.trim() !== '') {
      throw new Error(`a comment must be followed by a command, not: ${line}`);
    }
  }
  return entries.map((entry) => ({ ...entry, output: entry.output.join('\n').trim() }));
}

/** Runs every command of a script on one tree and returns the script with the outputs it got. */
export function runScript(file: string): string {
  const session = new TreeSession();
  const blocks = parseScript(readFileSync(file, 'utf8')).map((entry) => {
    const output = session.run(entry.command);
    return [...entry.comments, `> ${entry.command}`, output].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** The tree a script works on, and its commands. */
class TreeSession {
  private tree = new BPlusTree<number, number>({ order: 4 });

  run(command: string): string {
    const [name = '', ...words] = command.split(/\s+/);
    const options = new Map<string, string>();
    const args: string[] = [];
    for (const word of words) {
      const [key, value] = word.split('=');
      if (value === undefined) args.push(word);
      else options.set(key ?? '', value);
    }
    try {
      return this.dispatch(name, args, options);
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private dispatch(name: string, args: string[], options: Map<string, string>): string {
    const order = options.has('order') ? Number(options.get('order')) : undefined;
    switch (name) {
      case 'new':
        this.tree = new BPlusTree<number, number>(order === undefined ? {} : { order });
        return `a new tree of order ${this.tree.order}`;
      case 'load': {
        const fill = options.has('fill') ? Number(options.get('fill')) : undefined;
        const recorder = new StepRecorder<BTreeStep>();
        this.tree = BPlusTree.bulkLoad(
          keysOf(args).map((key) => [key, key] as const),
          {
            tracer: recorder,
            ...(order === undefined ? {} : { order }),
            ...(fill === undefined ? {} : { fill }),
          },
        );
        return narrate(recorder);
      }
      case 'insert':
      case 'delete':
        return keysOf(args)
          .map((key) => {
            const recorder = new StepRecorder<BTreeStep>();
            if (name === 'insert') this.tree.set(key, key, recorder);
            else this.tree.delete(key, recorder);
            return `${name} ${key}:\n${narrate(recorder)}`;
          })
          .join('\n');
      case 'get': {
        const [key] = keysOf(args, 1);
        const recorder = new StepRecorder<BTreeStep>();
        const value = this.tree.get(key as number, recorder);
        return `${narrate(recorder)}\n→ ${value ?? 'absent'}`;
      }
      case 'scan': {
        const [low, high] = keysOf(
          args.filter((arg) => arg !== 'reverse'),
          2,
        );
        const recorder = new StepRecorder<BTreeStep>();
        const entries = args.includes('reverse')
          ? this.tree.entriesReversed(low, high, recorder)
          : this.tree.entries(low, high, recorder);
        const keys = [...entries].map(([key]) => key);
        return `${narrate(recorder)}\n→ ${keys.length === 0 ? '(none)' : keys.join(' ')}`;
      }
      case 'draw':
        return args[0] === 'levels' ? drawLevels(this.tree.snapshot()) : drawTree(this.tree.snapshot());
      case 'check': {
        const report = this.tree.check();
        return report.ok ? 'ok' : `broken: ${report.invariant} at node ${report.node}: ${report.message}`;
      }
      case 'stats': {
        const stats = this.tree.stats();
        return [
          `${stats.size} keys, order ${stats.order}, height ${stats.height}`,
          `${stats.internalNodes} internal nodes, ${stats.leafNodes} leaves`,
          `leaf fill: average ${stats.avgLeafFill.toFixed(2)}, lowest ${stats.minLeafFill.toFixed(2)}`,
          `keys per level: ${stats.keysPerLevel.join(' ')}; nodes per level: ${stats.nodesPerLevel.join(' ')}`,
        ].join('\n');
      }
      default:
        throw new Error(`unknown command '${name}'`);
    }
  }
}

/** The keys a command names, as numbers; `count` of them when it takes a fixed number. */
function keysOf(args: readonly string[], count?: number): number[] {
  if (count !== undefined && args.length !== count) {
    throw new Error(`takes ${count} key${count === 1 ? '' : 's'}, got ${args.length}`);
  }
  return args.map((arg) => {
    const key = Number(arg);
    if (!Number.isInteger(key)) throw new Error(`'${arg}' is not a whole number`);
    return key;
  });
}

/** The steps a recorder saw, one numbered line each, as `dbplay btree --explain` prints them. */
function narrate(recorder: StepRecorder<BTreeStep>): string {
  return recorder.steps.map((step, i) => `  ${i + 1}. ${step.kind}: ${step.narration}`).join('\n');
}
