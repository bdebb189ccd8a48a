/**
 * `dbplay btree insert <keys…>` and `dbplay btree delete <keys…>`: build a tree, change
 * it, and show what happened, step by step if asked.
 *
 * The work is @dbplay/btree's (`set`, `delete`, each with a tracer that records steps);
 * this file reads the options, plays the recorded steps (`--trace`, `--step`), and draws
 * the result, or prints it as one JSON document.
 */
import { writeFileSync } from 'node:fs';
import type { BPlusTree, BTreeStep, CheckReport, TreeSnapshot, TreeStats } from '@dbplay/btree';
import { maxOrder, minOrder } from '@dbplay/btree/fill-bounds';
import { BadInputError, ExitCode, formatCount, renderTable, StepRecorder } from '@dbplay/core';
import { type Command, Option } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { setCommandExitCode } from '../../exit-code.ts';
import { addHtmlOption, writeHtmlPage } from '../../html-output.ts';
import type { CliIo } from '../../io.ts';
import { oneOf, pathArgument, wholeNumber } from '../../options.ts';
import { playSteps } from '../../step-player.ts';
import { orderHelp } from './order-help.ts';
import {
  type CliKey,
  type KeyType,
  parseKeys,
  parseKeyType,
  startingKeys,
  type TreeSourceFlags,
} from './tree-keys.ts';

export type EditOperation = 'insert' | 'delete';

/** The CLI's default order: small, so a few keys already split. */
export const cliDefaultOrder = 4;

export interface EditFlags extends TreeSourceFlags {
  order?: string;
  keyType?: string;
  step?: boolean;
  trace?: boolean;
  dot?: string;
  style?: string;
  html?: string;
}

const examples: Record<EditOperation, string> = {
  insert: `
Examples:
  $ dbplay btree insert 5 12 7 20 25 --step        watch each split, pressing Enter between steps
  $ dbplay btree insert 40 --keys 10..39 --trace   every step of one insert into a tree of 30 keys
  $ dbplay btree insert 500 --random 1000 --seed 7 --order 16
  $ dbplay btree insert 1..20 --order 3 --dot tree.dot && dot -Tsvg tree.dot -o tree.svg
  $ dbplay btree insert pear fig --key-type string --keys apple,kiwi,plum`,
  delete: `
Examples:
  $ dbplay btree delete 20 --keys 10..40 --order 4 --step   borrows and merges, step by step
  $ dbplay btree delete 1..15 --sequential 20 --order 3 --trace
  $ dbplay btree delete 7 --random 50 --seed 3 --json --trace`,
};

export function registerEditCommand(group: Command, io: CliIo, operation: EditOperation): void {
  const command = group
    .command(operation)
    .description(
      operation === 'insert'
        ? 'insert keys into a B+tree (splitting full nodes) and draw the result'
        : 'delete keys from a B+tree (borrowing and merging) and draw the result',
    )
    .argument('<keys...>', 'keys to insert or delete: 5 12 7, 1,2,3, or a range 1..20')
    .option('--keys <list>', 'start from a tree of these keys: 1,5,9 or 1..30')
    .addOption(
      new Option('--random <n>', 'start from a tree of n distinct random keys (from 1 to 10n)').conflicts(
        'keys',
      ),
    )
    .option('--seed <seed>', 'the seed of --random (default 1), so the same tree comes back')
    .addOption(
      new Option('--sequential <n>', 'start from a tree of the keys 1 to n, inserted in order').conflicts([
        'keys',
        'random',
      ]),
    )
    .option('--order <n>', orderHelp(cliDefaultOrder))
    .option('--key-type <type>', 'number (the default) or string')
    .option('--trace', 'print every step of the operation, narrated')
    .option('--step', 'show each step with a drawing, and wait for Enter before the next')
    .option('--dot <file>', 'also write the final tree as Graphviz DOT to this file', pathArgument)
    .option('--style <style>', 'draw the tree as boxes, levels, or auto (the default)');
  addHtmlOption(command)
    .addHelpText('after', examples[operation])
    .action(async (words: string[], flags: EditFlags, command: Command) => {
      const context = contextFor(command, io);
      if (flags.step === true && context.json) {
        throw new BadInputError(
          '--step waits for Enter between steps and draws the tree; it cannot be combined with --json',
          {
            hint: 'use --json --trace to get the steps as JSON',
          },
        );
      }
      const style = parseStyle(flags.style);
      const keyType = parseKeyType(flags.keyType ?? 'number');
      const operands = parseKeys(words, keyType);
      if (operands.length === 0) throw new BadInputError(`no key to ${operation}`);
      const { tree, start } = await startingTree(flags, keyType, context);
      const { toDot } = await import('@dbplay/btree');

      const startSnapshot = flags.html === undefined ? undefined : checkDrawable(tree);
      // One recorder per key, so a page can name the operation each step belongs to.
      const tracing = flags.step === true || flags.trace === true || flags.html !== undefined;
      const traced = operands.map((key) => {
        const recorder = tracing ? new StepRecorder<BTreeStep>() : undefined;
        const changed = operation === 'insert' ? tree.set(key, key, recorder) : tree.delete(key, recorder);
        return { key, changed, steps: recorder?.steps ?? [] };
      });
      const results = traced.map(({ key, changed }) => ({ key, changed }));
      const recorder =
        flags.step === true || flags.trace === true
          ? recordedSteps(traced.flatMap((t) => t.steps))
          : undefined;
      const check = tree.check();
      if (flags.dot !== undefined) writeDot(flags.dot, toDot(tree.snapshot()));

      if (context.json) {
        context.printJson({
          operation,
          order: tree.order,
          start: start.from,
          results: results.map(({ key, changed }) => ({
            key,
            [operation === 'insert' ? 'added' : 'removed']: changed,
          })),
          stats: tree.stats(),
          check,
          ...(recorder === undefined ? {} : { steps: recorder.steps.map(withoutSnapshot) }),
        });
      } else {
        await render(context, { operation, tree, start: start.from, results, check, recorder, flags, style });
      }
      if (flags.html !== undefined && startSnapshot !== undefined) {
        const { btreePage } = await import('@dbplay/viewer');
        const page = btreePage({
          title: `B+tree: ${operation} ${words.join(' ')}`,
          subtitle: `dbplay btree ${operation}, order ${tree.order} (the most keys a node holds), starting from ${start.from}`,
          start: startSnapshot,
          operations: traced.map((t) => ({ label: `${operation} ${t.key}`, steps: t.steps })),
          end: tree.snapshot(),
        });
        await writeHtmlPage(context, flags.html, page);
      }
      if (!check.ok) setCommandExitCode(command, ExitCode.checkFailed);
    });
}

/** The tree a command starts from: `--order`, and the keys of `--keys`, `--random` or `--sequential`. */
export async function startingTree(
  flags: TreeSourceFlags & { readonly order?: string | undefined },
  keyType: KeyType,
  context: CommandContext,
): Promise<{ tree: BPlusTree<CliKey, CliKey>; start: { keys: CliKey[]; from: string } }> {
  const order =
    flags.order === undefined
      ? cliDefaultOrder
      : wholeNumber('--order', { min: minOrder, max: maxOrder })(flags.order);
  const start = startingKeys(flags, keyType);
  const { BPlusTree } = await import('@dbplay/btree');
  const tree = new BPlusTree<CliKey, CliKey>({ order });
  if (start.keys.length > 10_000) context.progress(`building a tree of ${start.keys.length} keys …`);
  for (const key of start.keys) tree.set(key, key);
  return { tree, start };
}

/** Steps recorded apart, played as one list. */
export function recordedSteps(steps: BTreeStep[]): StepRecorder<BTreeStep> {
  const recorder = new StepRecorder<BTreeStep>();
  for (const step of steps) recorder.emit(step);
  return recorder;
}

/** The tree's snapshot for a page's first step, refusing a tree too big to draw. */
export function checkDrawable(tree: BPlusTree<CliKey, CliKey>): TreeSnapshot {
  if (tree.size > maxPageKeys) {
    throw new BadInputError(
      `--html draws trees of at most ${formatCount(maxPageKeys)} keys; this one holds ${formatCount(tree.size)}`,
      { hint: 'start from a smaller tree (--random, --sequential)' },
    );
  }
  return tree.snapshot();
}

/** The most keys a tree may hold for --html: its pictures stay a few hundred KB. */
export const maxPageKeys = 100_000;

function writeDot(file: string, dot: string): void {
  try {
    writeFileSync(file, dot);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadInputError(`cannot write the Graphviz file ${file}: ${reason}`);
  }
}

const styles = ['auto', 'boxes', 'levels'] as const;
const parseStyleName = oneOf({ singular: 'style', plural: 'styles', names: styles });

export function parseStyle(value: string | undefined): (typeof styles)[number] {
  return value === undefined ? 'auto' : parseStyleName(value);
}

/** Steps as JSON: the snapshot (the whole tree after each step) is left out; `stats` describes the end. */
export function withoutSnapshot(step: BTreeStep): Omit<BTreeStep, 'snapshot'> {
  const { snapshot: _snapshot, ...rest } = step;
  return rest;
}

export interface RenderInput {
  readonly operation: EditOperation;
  readonly tree: BPlusTree<CliKey, CliKey>;
  readonly start: string;
  readonly results: readonly { key: CliKey; changed: boolean }[];
  readonly check: CheckReport;
  readonly recorder: StepRecorder<BTreeStep> | undefined;
  readonly flags: EditFlags;
  readonly style: 'auto' | 'boxes' | 'levels';
}

export async function render(context: CommandContext, input: RenderInput): Promise<void> {
  const { drawTree, formatKeys } = await import('@dbplay/btree');
  const { palette } = context;
  const { operation, tree, check, recorder, flags } = input;
  context.print(palette.dim(`Order ${tree.order}, starting from ${input.start}.`));
  if (recorder !== undefined) {
    await playSteps(recorder.steps, context, {
      mode: flags.step === true ? 'step' : 'trace',
      draw: (step) =>
        step.snapshot === undefined
          ? palette.dim('(a tree this big is not drawn after every step)')
          : drawTree(step.snapshot, {
              highlight: step.touched,
              palette,
              style: input.style,
              maxWidth: context.width,
            }),
    });
    context.print('');
  }
  const changed = input.results.filter((r) => r.changed).map((r) => r.key);
  const unchanged = input.results.filter((r) => !r.changed).map((r) => r.key);
  const summary =
    operation === 'insert'
      ? `Inserted ${changed.length} new ${changed.length === 1 ? 'key' : 'keys'}${changed.length > 0 ? ` ${formatKeys(changed)}` : ''}${unchanged.length > 0 ? `; ${formatKeys(unchanged)} already there, value replaced` : ''}.`
      : `Deleted ${changed.length} ${changed.length === 1 ? 'key' : 'keys'}${changed.length > 0 ? ` ${formatKeys(changed)}` : ''}${unchanged.length > 0 ? `; ${formatKeys(unchanged)} not in the tree` : ''}.`;
  context.print(summary);
  context.print(drawTree(tree.snapshot(), { palette, style: input.style, maxWidth: context.width }));
  context.print(renderStats(tree.stats(), context));
  if (!check.ok)
    context.print(palette.fail(`check() failed: ${check.invariant} at node ${check.node}: ${check.message}`));
  if (flags.dot !== undefined) {
    context.print(
      palette.dim(
        `Wrote the tree as Graphviz DOT to ${flags.dot} (render it: dot -Tsvg ${flags.dot} -o tree.svg).`,
      ),
    );
  }
}

function renderStats(stats: TreeStats, { palette, width }: CommandContext): string {
  const percent = (fill: number) => `${(fill * 100).toFixed(1)}%`;
  return renderTable(
    [
      { header: 'keys', align: 'right' },
      { header: 'order', align: 'right' },
      { header: 'height', align: 'right' },
      { header: 'internal', align: 'right' },
      { header: 'leaves', align: 'right' },
      { header: 'avg leaf fill', align: 'right' },
      { header: 'min leaf fill', align: 'right' },
    ],
    [
      [
        String(stats.size),
        String(stats.order),
        String(stats.height),
        String(stats.internalNodes),
        String(stats.leafNodes),
        percent(stats.avgLeafFill),
        percent(stats.minLeafFill),
      ],
    ],
    { palette, maxWidth: width },
  );
}
