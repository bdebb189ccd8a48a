/**
 * Drawing the model's internals (model-step.ts) in the terminal: each table's tuple versions
 * with xmin and xmax and who sees them, the sessions with their snapshots and waits, row locks
 * and waits-for edges, SIREAD locks and rw-conflicts with the pivots of dangerous structures,
 * two-phase locks, and the transaction status table. Sections with nothing in them are left
 * out, so a read-committed step shows a short picture and a serializable one a fuller one.
 */
import { type Palette, plainPalette, renderTable } from '@dbplay/core';
import { formatValue } from '../../render/render-result.ts';
import type { ModelInternals, VersionInternals } from './model-step.ts';

export interface InternalsDrawingOptions {
  readonly palette?: Palette;
  /** Sessions to highlight (the ones the step touched). */
  readonly touched?: readonly string[];
}

export function renderInternals(internals: ModelInternals, options: InternalsDrawingOptions = {}): string {
  const palette = options.palette ?? plainPalette;
  const touched = new Set(options.touched ?? []);
  const mark = (session: string) => (touched.has(session) ? palette.highlight(session) : session);
  const lines: string[] = [];
  for (const table of internals.tables) {
    lines.push(
      renderTable(
        [
          'version',
          'ctid',
          ...table.columns.map((column) => ({ header: column, align: 'right' as const })),
          'xmin',
          'xmax',
          'row locks',
          'visible to',
        ],
        table.versions.map((version) => [
          version.id,
          version.tid,
          ...version.values.map(formatValue),
          describeXmin(version, mark),
          describeXmax(version, mark),
          version.locks.join(', '),
          version.visibleTo.map(mark).join(', '),
        ]),
        { palette, title: palette.heading(`table ${table.table}: tuple versions`) },
      ),
    );
    if (table.index !== null && table.index.entries.length > 0) {
      lines.push(
        `${palette.dim(`index ${table.index.name}:`)} ${table.index.entries.map((entry) => `${entry.key} → ${entry.tid}`).join(', ')}`,
      );
    }
    if (table.linePointers !== undefined) {
      lines.push(
        `${palette.dim('line pointers without a version:')} ${summariseLinePointers(table.linePointers)}`,
      );
    }
    if (table.maintenance !== undefined) lines.push(`${palette.dim('last clean-up:')} ${table.maintenance}`);
  }
  lines.push(
    renderTable(
      ['session', 'state', 'isolation', 'xid', 'snapshot', 'waiting for'],
      internals.sessions.map((session) => [
        mark(session.session),
        session.state,
        session.isolation ?? '',
        session.xid === null ? '' : String(session.xid),
        session.snapshot === null
          ? ''
          : `xmin ${session.snapshot.xmin}, xmax ${session.snapshot.xmax}, running [${session.snapshot.xip.join(', ')}]`,
        session.waiting ?? '',
      ]),
      { palette, title: palette.heading('sessions') },
    ),
  );
  if (internals.rowLocks.length > 0) {
    lines.push(
      `${palette.heading('row locks:')} ${internals.rowLocks.map((lock) => `${lock.table} ${lock.tid} held by ${mark(lock.holder)} (${lock.mode})`).join('; ')}`,
    );
  }
  if (internals.waitsFor.length > 0) {
    lines.push(
      `${palette.heading('waits-for:')} ${internals.waitsFor.map((edge) => `${mark(edge.waiter)} → ${edge.holders.map(mark).join(', ') || '?'}`).join('; ')}`,
    );
  }
  if (internals.sireadLocks.length > 0) {
    const byHolder = new Map<string, string[]>();
    for (const lock of internals.sireadLocks)
      byHolder.set(lock.holder, [...(byHolder.get(lock.holder) ?? []), lock.target]);
    lines.push(
      `${palette.heading('SIREAD locks:')} ${[...byHolder].map(([holder, targets]) => `${mark(holder)}: ${targets.join(', ')}`).join('; ')}`,
    );
  }
  if (internals.rwConflicts.length > 0) {
    lines.push(
      `${palette.heading('rw-conflicts:')} ${internals.rwConflicts.map((edge) => `${mark(edge.reader)} -rw-> ${mark(edge.writer)}`).join(', ')}`,
    );
  }
  for (const structure of internals.pivots) {
    lines.push(
      palette.warn(
        `dangerous structure: ${structure.tin} -rw-> ${structure.pivot} -rw-> ${structure.tout} (pivot ${structure.pivot})`,
      ),
    );
  }
  if (internals.twoPhaseLocks.length > 0) {
    lines.push(
      `${palette.heading('two-phase locks:')} ${internals.twoPhaseLocks.map((lock) => `${mark(lock.holder)} holds ${lock.lock}`).join('; ')}`,
    );
  }
  lines.push(
    `${palette.heading('transactions:')} ${internals.transactions.map((record) => `${record.xid} ${record.session} ${record.status}`).join(' · ')}`,
  );
  return lines.join('\n');
}

function status(text: string): string {
  return text === 'committed' ? 'committed' : text === 'aborted' ? 'aborted' : 'running';
}

function describeXmin(version: VersionInternals, mark: (session: string) => string): string {
  return `${version.xmin} ${mark(version.createdBy)} (${status(version.xminStatus)})`;
}

function describeXmax(version: VersionInternals, mark: (session: string) => string): string {
  if (version.xmax === null || version.deletedBy === null) return '';
  return `${version.xmax} ${mark(version.deletedBy)} (${status(version.xmaxStatus ?? '')}, ${version.ending ?? ''})`;
}

/**
 * `(0,1) redirect to (0,205), (0,2)–(0,108) unused`: runs of consecutive line pointers in the
 * same state on the same page as one range, since a pruned page can have hundreds.
 */
export function summariseLinePointers(linePointers: readonly string[]): string {
  const runs: { page: string; from: number; to: number; state: string }[] = [];
  for (const text of linePointers) {
    const match = /^\((\d+),(\d+)\) (.*)$/.exec(text);
    if (match === null) {
      runs.push({ page: '', from: 0, to: 0, state: text });
      continue;
    }
    const [, page = '', offset = '0', state = ''] = match;
    const last = runs[runs.length - 1];
    const at = Number(offset);
    if (
      last !== undefined &&
      last.page === page &&
      last.to === at - 1 &&
      last.state === state &&
      !state.startsWith('redirect')
    )
      last.to = at;
    else runs.push({ page, from: at, to: at, state });
  }
  return runs
    .map((run) =>
      run.page === ''
        ? run.state
        : run.from === run.to
          ? `(${run.page},${run.from}) ${run.state}`
          : `(${run.page},${run.from})–(${run.page},${run.to}) ${run.state}`,
    )
    .join(', ');
}
