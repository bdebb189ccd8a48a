/**
 * `dbplay btree find <keys…>` and `dbplay btree range <low> <high>`: read a tree, and show
 * the way the read went.
 *
 * A lookup descends from the root, one node per level, to the one leaf that can hold the
 * key; a range scan descends once to the leaf of its low bound, then follows the leaves'
 * sibling links until a key passes the high bound. @dbplay/btree narrates both (`get` and
 * `entries` with a tracer); this file plays the steps (`--trace`, `--step`), prints the
 * answer, or writes the page (`--html`).
 */
import type { BTreeStep, TreeSnapshot } from '@dbplay/btree';
import { BadInputError, StepRecorder } from '@dbplay/core';
import { type Command, Option } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { addHtmlOption, writeHtmlPage } from '../../html-output.ts';
import type { CliIo } from '../../io.ts';
import { playSteps } from '../../step-player.ts';
import { checkDrawable, cliDefaultOrder, parseStyle, startingTree, withoutSnapshot } from './edit-tree.ts';
import { orderHelp } from './order-help.ts';
import { type CliKey, parseKeys, parseKeyType, type TreeSourceFlags } from './tree-keys.ts';

interface LookupFlags extends TreeSourceFlags {
  order?: string;
  keyType?: string;
  step?: boolean;
  trace?: boolean;
  style?: string;
  html?: string;
}

/** One traced read: what it asked, what it found, and its steps. */
interface TracedRead {
  readonly label: string;
  readonly steps: readonly BTreeStep[];
}

function addTreeOptions(command: Command): Command {
  command
    .option('--keys <list>', 'the tree holds these keys: 1,5,9 or 1..30')
    .addOption(
      new Option('--random <n>', 'the tree holds n distinct random keys (from 1 to 10n)').conflicts('keys'),
    )
    .option('--seed <seed>', 'the seed of --random (default 1), so the same tree comes back')
    .addOption(
      new Option('--sequential <n>', 'the tree holds the keys 1 to n, inserted in order').conflicts([
        'keys',
        'random',
      ]),
    )
    .option('--order <n>', orderHelp(cliDefaultOrder))
    .option('--key-type <type>', 'number (the default) or string')
    .option('--trace', 'print every step of the read, narrated')
    .option('--step', 'show each step with a drawing, and wait for Enter before the next')
    .option('--style <style>', 'draw the tree as boxes, levels, or auto (the default)');
  return addHtmlOption(command);
}

export function registerLookupCommands(group: Command, io: CliIo): void {
  addTreeOptions(
    group
      .command('find')
      .description('look keys up in a B+tree, following the search path from the root to a leaf')
      .argument('<keys...>', 'keys to look up: 5 12 7, 1,2,3, or a range 1..20'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay btree find 17 --keys 1..40 --trace          the descent, one node per level
  $ dbplay btree find 17 99 --random 200 --seed 7 --step
  $ dbplay btree find 17 --keys 1..40 --html find.html`,
    )
    .action(async (words: string[], flags: LookupFlags, command: Command) => {
      const context = contextFor(command, io);
      checkModes(flags, context);
      const keyType = parseKeyType(flags.keyType ?? 'number');
      const keys = parseKeys(words, keyType);
      if (keys.length === 0) throw new BadInputError('no key to find');
      const { tree, start } = await startingTree(flags, keyType, context);
      const drawn = flags.html === undefined ? undefined : checkDrawable(tree);
      const reads = keys.map((key) => {
        const recorder = new StepRecorder<BTreeStep>();
        const found = tree.has(key, recorder);
        return { key, found, label: `find ${key}`, steps: recorder.steps };
      });
      if (context.json) {
        context.printJson({
          operation: 'find',
          order: tree.order,
          start: start.from,
          results: reads.map(({ key, found }) => ({ key, found })),
          ...(wantsSteps(flags) ? { steps: reads.flatMap((r) => r.steps.map(withoutSnapshot)) } : {}),
        });
      } else {
        await play(reads, flags, context);
        for (const { key, found } of reads) context.print(`${key}: ${found ? 'found' : 'not in the tree'}`);
      }
      await writePage(flags, context, drawn, tree.order, start.from, `find ${words.join(' ')}`, reads);
    });

  addTreeOptions(
    group
      .command('range')
      .description('scan the keys from low to high: one descent, then along the linked leaves')
      .argument('<low>', 'the lowest key to read (inclusive)')
      .argument('<high>', 'the highest key to read (inclusive)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ dbplay btree range 10 20 --keys 1..40 --trace      one descent, then leaf hops
  $ dbplay btree range 10 20 --sequential 60 --order 3 --step
  $ dbplay btree range 10 20 --keys 1..40 --html range.html`,
    )
    .action(async (lowWord: string, highWord: string, flags: LookupFlags, command: Command) => {
      const context = contextFor(command, io);
      checkModes(flags, context);
      const keyType = parseKeyType(flags.keyType ?? 'number');
      const [low] = parseKeys([lowWord], keyType);
      const [high] = parseKeys([highWord], keyType);
      if (low === undefined || high === undefined)
        throw new BadInputError('range needs a low and a high key');
      if (compareKeys(low, high) > 0) {
        throw new BadInputError(`the range ${low}..${high} is empty: the low key comes after the high one`);
      }
      const { tree, start } = await startingTree(flags, keyType, context);
      const drawn = flags.html === undefined ? undefined : checkDrawable(tree);
      const recorder = new StepRecorder<BTreeStep>();
      const entries = [...tree.entries(low, high, recorder)].map(([key]) => key);
      const read = { label: `range ${low}..${high}`, steps: recorder.steps };
      if (context.json) {
        context.printJson({
          operation: 'range',
          order: tree.order,
          start: start.from,
          low,
          high,
          keys: entries,
          count: entries.length,
          ...(wantsSteps(flags) ? { steps: recorder.steps.map(withoutSnapshot) } : {}),
        });
      } else {
        await play([read], flags, context);
        const { formatKeys } = await import('@dbplay/btree');
        context.print(
          `${entries.length} ${entries.length === 1 ? 'key' : 'keys'} from ${low} to ${high}: ${formatKeys(entries, 20)}`,
        );
      }
      await writePage(flags, context, drawn, tree.order, start.from, read.label, [read]);
    });
}

function wantsSteps(flags: LookupFlags): boolean {
  return flags.step === true || flags.trace === true;
}

function checkModes(flags: LookupFlags, context: CommandContext): void {
  parseStyle(flags.style);
  if (flags.step === true && context.json) {
    throw new BadInputError('--step waits for Enter between steps; it cannot be combined with --json', {
      hint: 'use --json --trace to get the steps as JSON',
    });
  }
}

/** Natural order for the two kinds of CLI key: numbers by value, strings by code unit. */
function compareKeys(a: CliKey, b: CliKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function play(
  reads: readonly TracedRead[],
  flags: LookupFlags,
  context: CommandContext,
): Promise<void> {
  if (!wantsSteps(flags)) return;
  const { drawTree } = await import('@dbplay/btree');
  const { palette } = context;
  const style = parseStyle(flags.style);
  await playSteps(
    reads.flatMap((r) => r.steps),
    context,
    {
      mode: flags.step === true ? 'step' : 'trace',
      draw: (step) =>
        step.snapshot === undefined
          ? palette.dim('(a tree this big is not drawn after every step)')
          : drawTree(step.snapshot, { highlight: step.touched, palette, style }),
    },
  );
  context.print('');
}

async function writePage(
  flags: LookupFlags,
  context: CommandContext,
  start: TreeSnapshot | undefined,
  order: number,
  from: string,
  title: string,
  reads: readonly TracedRead[],
): Promise<void> {
  if (flags.html === undefined || start === undefined) return;
  const { btreePage } = await import('@dbplay/viewer');
  const page = btreePage({
    title: `B+tree: ${title}`,
    subtitle: `dbplay btree ${title}, order ${order} (the most keys a node holds), a tree of ${from}`,
    start,
    operations: reads,
  });
  await writeHtmlPage(context, flags.html, page);
}
