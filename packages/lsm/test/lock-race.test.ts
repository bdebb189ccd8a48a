/**
 * Exactly one opener wins a store's lock, even when a crash left a stale lock behind: many
 * processes, released at once, race to open a directory whose lock belongs to a process
 * that was killed. Each round exactly one gets in, and every write a winner acknowledged
 * (synced) is there at the end. (The old lock deleted a stale LOCK and linked its own, so a
 * second opener could delete the first one's fresh lock: both opened.)
 */
import { describe, expect, it } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { exited, onLines, startScript, waitForLine } from './child-process.ts';
import { tempDir } from './temp-dir.ts';

const rounds = 2;
const racers = 5;

describe('the directory lock', () => {
  it(`lets exactly one of ${racers} racing openers in over a stale lock, ${rounds} rounds, losing nothing`, async () => {
    const dir = tempDir('lock-race');
    const winners: string[] = [];
    for (let round = 0; round < rounds; round++) {
      // A holder killed with SIGKILL leaves its lock behind, as any crash does.
      const holder = startScript('./hold-store.ts', [dir]);
      await waitForLine(holder, 'open');
      holder.kill('SIGKILL');
      await exited(holder);

      const children = Array.from({ length: racers }, (_, i) =>
        startScript('./race-opener.ts', [dir, `${round}-${i}`]),
      );
      const said = children.map(() => [] as string[]);
      children.forEach((child, i) => {
        onLines(child, (line) => {
          said[i]?.push(line);
        });
      });
      await Promise.all(children.map((child) => waitForLine(child, 'ready')));
      for (const child of children) child.stdin.write('go\n');
      await Promise.all(children.map((child) => exited(child)));

      const answers = said.map((lines) => lines.filter((line) => line !== 'ready' && line !== 'closed'));
      expect(
        answers.flat().filter((line) => line.startsWith('error')),
        `round ${round}`,
      ).toEqual([]);
      const opened = answers.flatMap((lines, i) => (lines.includes('opened') ? [`${round}-${i}`] : []));
      expect(opened, `round ${round}: ${JSON.stringify(answers)}`).toHaveLength(1);
      winners.push(...opened);
    }
    const tree = await LsmTree.open({ dir });
    try {
      for (const winner of winners) expect(tree.get(`winner-${winner}`), winner).toBe('yes');
      expect(tree.get('held')).toBe('yes');
    } finally {
      tree.close();
    }
  }, 300_000); // a dozen processes start through tsx: slow on a busy machine
});
