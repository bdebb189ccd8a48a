/**
 * The anomaly matrix as a table, one row per scenario and one column per engine and level,
 * in the manner of Hermitage's README (github.com/ept/hermitage), which marks each cell ✓
 * (prevented) or — (possible). dbplay's cells say how:
 *
 *     anomaly        the run shows the scenario's anomaly
 *     40001          prevented: a transaction was refused with this code (retry it)
 *     40001 (fp)     refused, but the schedule was serializable: a false positive
 *     waits          prevented by waiting for a lock
 *     ok             serializable, nothing had to intervene
 *     prevented *    the anomaly could not happen (snapshots), but the outcome is still
 *                    not serializable: another anomaly took its place
 *     … *            the scenario's anomaly did not happen, but the outcome is still not
 *                    serializable (another anomaly; see `dbplay isolation run`)
 *     n/a            the scenario does not run on this engine
 *
 * With the model engine beside PostgreSQL, a last column says whether the model's runs came
 * out exactly as PostgreSQL's, scenario by scenario.
 *
 * Every engine and level is a column, so the whole matrix is over 200 columns wide. Given a
 * `width` (the terminal's), the columns are dealt out into tables that fit, one under the
 * other, each starting with the scenario and its anomaly; the legend is wrapped to fit too.
 */
import { type Palette, plainPalette, renderTable, wrapWords } from '@dbplay/core';
import type { CellOutcome } from '../judge/classify-outcome.ts';
import type { MatrixReport } from '../run/run-matrix.ts';

const shortLevels: Readonly<Record<string, string>> = {
  'read-uncommitted': 'RU',
  'read-committed': 'RC',
  'repeatable-read': 'RR',
  serializable: 'SER',
  'serializable-2pl': 'SER 2PL',
  deferred: 'deferred',
  immediate: 'immediate',
};

export function cellText(cell: CellOutcome | null, palette: Palette = plainPalette): string {
  if (cell === null) return palette.dim('n/a');
  const star = cell.otherAnomaly ? ' *' : '';
  switch (cell.kind) {
    case 'anomaly':
      return palette.fail('anomaly') + star;
    case 'prevented-by-abort': {
      const codes = cell.codes.map((code) => code.replace(/^SQLITE_/, '')).join('+');
      return palette.ok(codes) + (cell.falsePositive ? palette.warn(' (fp)') : '') + star;
    }
    case 'prevented-by-waiting':
      return palette.ok('waits') + star;
    case 'serializable':
      return palette.ok(cell.otherAnomaly ? 'prevented' : 'ok') + star;
  }
}

export function renderMatrix(
  report: MatrixReport,
  palette: Palette = plainPalette,
  width: number = Number.POSITIVE_INFINITY,
): string {
  const columns = report.engines.flatMap((engine) =>
    engine.levels.map((level) => ({
      engine: engine.name,
      level,
      header: `${engine.name} ${shortLevels[level] ?? level}`,
    })),
  );
  const compared = report.agreement.length > 0;
  const rows = report.scenarios.map((scenario) => [
    scenario.id,
    scenario.anomaly ?? '',
    ...columns.map((column) => {
      const cell = report.cells.find(
        (c) => c.scenario === scenario.id && c.engine === column.engine && c.level === column.level,
      );
      return cell === undefined ? '' : cellText(cell.outcome, palette);
    }),
    ...(compared ? [agreementText(report, scenario.id, palette)] : []),
  ]);
  const table = renderTable(
    ['scenario', 'anomaly', ...columns.map((c) => c.header), ...(compared ? ['model = postgres'] : [])],
    rows,
    { palette, repeatColumns: 2, ...(Number.isFinite(width) ? { maxWidth: width } : {}) },
  );
  const legend = [
    'anomaly: the run shows the scenario’s anomaly · 40001, 40P01, BUSY_SNAPSHOT: prevented by refusing a transaction with that code',
    'waits: prevented by waiting for a lock · ok: serializable, nothing had to intervene · (fp): an SSI false positive',
    '*: the scenario’s anomaly did not happen, but the outcome is still not serializable: another anomaly took its place',
    '   (prevented *: by the snapshots alone; dbplay isolation run <scenario> --level <level> shows which reads)',
    ...(compared
      ? [
          'model = postgres: the model’s runs came out step for step as PostgreSQL’s at RC, RR and SER, or the levels where not',
          '   (dbplay isolation compare <scenario> shows the differences)',
        ]
      : []),
  ];
  const fitted = legend.flatMap((line) => {
    const indent = /^ */.exec(line)?.[0] ?? '';
    const lines = Number.isFinite(width) ? wrapWords(line.trimStart(), width - 3) : [line.trimStart()];
    return lines.map((text, i) => `${indent}${i === 0 ? '' : '   '}${text}`);
  });
  return [table, ...fitted.map((line) => palette.dim(line))].join('\n');
}

/** `yes`, or the levels at which the model's runs differ from PostgreSQL's. */
function agreementText(report: MatrixReport, scenario: string, palette: Palette): string {
  const rows = report.agreement.filter((entry) => entry.scenario === scenario);
  if (rows.length === 0) return '';
  const differing = rows
    .filter((entry) => !entry.identical)
    .map((entry) => shortLevels[entry.level] ?? entry.level);
  return differing.length === 0 ? palette.ok('yes') : palette.fail(`differs at ${differing.join(', ')}`);
}
