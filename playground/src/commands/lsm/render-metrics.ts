/**
 * `dbplay lsm stats`: the store's metrics as two tables, the amplification figures (with
 * theory beside them where theory says something simple) and the levels, then what the
 * three amplifications mean.
 */
import { type Palette, renderTable, wrapWords } from '@dbplay/core';
import type { LsmMetrics } from '@dbplay/lsm';

const bytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 / 1024).toFixed(1)} MiB`;
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const times = (x: number): string => `${x.toFixed(2)}×`;
const percent = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** The three amplifications, defined under the figures a learner reads them from. */
const definitions: readonly (readonly [string, string])[] = [
  [
    'write amplification',
    'bytes written to storage (log, flushes, compactions) per byte of keys and values written',
  ],
  [
    'read amplification',
    'data blocks read per get; without bloom filters a missing key costs one per sorted run',
  ],
  [
    'space amplification',
    'bytes on disk (tables and log) per byte of live data (latest versions, no tombstones)',
  ],
];

/** The definitions, each wrapped to `width` under a hanging indent. */
function renderDefinitions(width: number): string {
  const indent = Math.max(...definitions.map(([term]) => term.length)) + 2;
  return definitions
    .flatMap(([term, text]) =>
      wrapWords(text, Math.max(20, width - indent)).map((line, i) =>
        i === 0 ? `${`${term}:`.padEnd(indent)}${line}` : `${' '.repeat(indent)}${line}`,
      ),
    )
    .join('\n');
}

/** The store's figures as two tables and the definitions, fitted to `width` columns. */
export function renderMetrics(metrics: LsmMetrics, palette: Palette, width: number): string {
  const c = metrics.counters;
  const rows: string[][] = [
    [
      'writes',
      `${count(c.puts, 'put')}, ${count(c.deletes, 'delete')}`,
      `${bytes(c.userBytes)} of keys and values`,
    ],
    ['written to the log', bytes(c.walBytes), ''],
    ['written by flushes', bytes(c.flushBytes), count(c.flushes, 'flush', 'flushes')],
    [
      'written by compactions',
      bytes(c.compactionBytes),
      `${count(c.compactions, 'compaction')}, ${bytes(c.compactionReadBytes)} read`,
    ],
    [
      'write amplification',
      times(metrics.writeAmplification.total),
      `${times(metrics.writeAmplification.sstables)} without the log`,
    ],
    ['gets', String(c.gets), `${c.memtableHits} answered by the memtable`],
    [
      'read amplification',
      metrics.readAmplification.tablesProbedPerGet.toFixed(2),
      'data blocks read per get: one per table probed (key in its range, filter said maybe)',
    ],
    [
      'bloom negatives per get',
      metrics.readAmplification.bloomNegativesPerGet.toFixed(2),
      'tables the filters ruled out',
    ],
    ['sorted runs', String(metrics.readAmplification.sortedRuns), 'L0 tables + non-empty levels or tiers'],
    [
      'bloom false positives',
      `${metrics.bloom.falsePositives} of ${metrics.bloom.falsePositives + metrics.bloom.trueNegatives}`,
      `${percent(metrics.bloom.falsePositiveRate)} measured, ${percent(metrics.bloom.theoreticalFalsePositiveRate)} in theory at ${metrics.bloom.bitsPerKey} bits per key`,
    ],
    [
      'space amplification',
      times(metrics.space.amplification),
      `${bytes(metrics.space.storedBytes)} stored for ${bytes(metrics.space.liveBytes)} live (${metrics.space.liveKeys} keys)`,
    ],
    ['memtable', count(metrics.memtable.entries, 'entry', 'entries'), bytes(metrics.memtable.bytes)],
  ];
  const summary = renderTable(
    ['measure', { header: 'value', align: 'right' }, { header: 'note', wrap: true }],
    rows,
    { palette, title: `LSM-tree (${metrics.strategy} compaction)`, maxWidth: width },
  );
  const levels = renderTable(
    [
      'level',
      { header: 'files', align: 'right' },
      { header: 'bytes', align: 'right' },
      { header: 'entries', align: 'right' },
    ],
    metrics.levels.map((level) => [
      level.name,
      String(level.files),
      bytes(level.bytes),
      String(level.entries),
    ]),
    { palette, maxWidth: width },
  );
  return `${summary}\n${levels}\n${palette.dim(renderDefinitions(width))}`;
}
