/**
 * The crash tests count a writer's acknowledgements from what it printed, so "the child
 * has ended" must mean "and everything it printed has been read": Node emits 'exit' when
 * the process is gone, possibly before its pipe is drained, and 'close' only once its
 * streams have ended. An acknowledgement still unread at 'exit' would look like a lost write.
 */
import { describe, expect, it } from 'vitest';
import { exited, onLines, startScript } from './child-process.ts';

describe('exited()', () => {
  it('resolves only once every line printed on the pipe has been read', async () => {
    const child = startScript('./print-lines.ts', ['ack 1', 'ack 2']);
    const seen: string[] = [];
    onLines(child, (line) => seen.push(line));
    child.stderr.resume();
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(seen).toEqual(['ack 1', 'ack 2']);
    // Asked again after the end, it answers at once.
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });
});
