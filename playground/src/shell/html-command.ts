/**
 * `\html FILE`: what the shell holds, as one page to step through in a browser — the same
 * self-contained page (@dbplay/viewer) that `--html FILE` writes for a one-shot command.
 *
 * Two things in the shell have a history worth stepping through: the schedule typed into the
 * sessions (drawn as `isolation run --html` draws one permutation: swim lanes, waits, the
 * verdict, and the model's versions, snapshots and locks when the model ran it), and the
 * shell's B+tree (every insert, delete, find and range since `btree new`, as `btree insert
 * --html` draws its keys). `\html FILE` draws the one used last; `\html sessions FILE` or
 * `\html btree FILE` chooses. The LSM commands take `--html FILE` themselves, in the shell too.
 */
import { BadInputError } from '@dbplay/core';
import type { PageData } from '@dbplay/viewer';
import { writeHtmlPage } from '../html-output.ts';
import { isolationRunPage } from '../html-pages.ts';
import type { MetaCommand } from './meta-commands.ts';
import { consoleReport } from './render-console.ts';

const kinds = ['sessions', 'btree'] as const;
type Kind = (typeof kinds)[number];

export const htmlCommand: MetaCommand = {
  usage: '\\html [sessions|btree] FILE.html',
  summary: 'write the sessions’ schedule or the B+tree’s history as a page to step through',
  async run(shell, argument) {
    const words = argument.split(/\s+/).filter((word) => word !== '');
    const [first, second, ...more] = words;
    const named = (kinds as readonly string[]).includes(first ?? '');
    const kind: Kind = named ? (first as Kind) : shell.lastUsed;
    const file = named ? second : first;
    if (file === undefined || more.length > 0 || (!named && second !== undefined)) {
      throw new BadInputError('\\html takes a file name: \\html trace.html (or \\html btree tree.html)');
    }
    if (!file.endsWith('.html')) {
      throw new BadInputError(`\\html writes an HTML page: name it NAME.html, not ${file}`);
    }
    let page: PageData;
    if (kind === 'btree') {
      page = await shell.structures.btreePage();
    } else {
      const console = await shell.console();
      if (console.typed === 0) {
        throw new BadInputError(
          '\\html: nothing has been typed into the sessions yet (\\html btree FILE draws the B+tree)',
        );
      }
      page = await isolationRunPage(await consoleReport(console));
    }
    await writeHtmlPage(shell.commandContext(false), file, page);
  },
};
