/**
 * The header comment of a scenario file: what the scenario is about.
 *
 * PostgreSQL's tester treats every `#` line as a comment, so dbplay keeps its metadata in
 * the comment block at the top of the file, one `key: value` per line, a value continued on
 * following lines that start with `#` and at least two spaces:
 *
 *     # id: g2-item
 *     # title: Write skew on two rows (Hermitage g2-item)
 *     # anomaly: G2-item
 *     # story: Each transaction reads both rows, then updates a different one.
 *     #   Neither sees the other's write, so both commit a decision the other invalidated.
 *     # cite: Hermitage, postgres.md "Write Skew (G2-item)"; Berenson et al. 1995, A5B
 *
 * Optional keys: `engines` (the engines it runs on, when not all), `note` (an engine quirk worth
 * knowing), `aliases` (other names it can be run by, such as `write-skew`), and `model-differs`
 * (levels at which the model engine differs from PostgreSQL on purpose, then a colon and why:
 * `# model-differs: serializable: PostgreSQL promotes … which the model does not`; `all` for
 * every level; several declarations separated by ` | `).
 *
 * Lines of the header without a known key are free text and ignored; a known key twice, or
 * an anomaly name nobody uses, is an error with the line.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import { anomalyNamed, anomalyNames } from '../judge/anomaly-names.ts';
import type { ScenarioMetadata } from './scenario.ts';

const keys = [
  'id',
  'title',
  'anomaly',
  'story',
  'cite',
  'engines',
  'note',
  'aliases',
  'model-differs',
] as const;
type Key = (typeof keys)[number];

export interface HeaderMetadata {
  readonly id: string | null;
  readonly metadata: ScenarioMetadata;
}

/** Reads the metadata from the comment lines before the first non-comment line of `text`. */
export function readHeaderMetadata(text: string, file: string): HeaderMetadata {
  const values = new Map<Key, { value: string; line: number }>();
  let current: Key | null = null;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') {
      current = null;
      continue;
    }
    if (!line.startsWith('#')) break;
    const body = raw.slice(raw.indexOf('#') + 1);
    const entry = /^\s*([A-Za-z-]+)\s*:\s?(.*)$/.exec(body);
    const key = entry?.[1]?.toLowerCase();
    if (entry !== null && key !== undefined && (keys as readonly string[]).includes(key)) {
      const known = key as Key;
      const previous = values.get(known);
      if (previous !== undefined) {
        throw new BadInputError(`the header sets '${known}' twice (first on line ${previous.line})`, {
          location: { file, line: index + 1 },
        });
      }
      values.set(known, { value: (entry[2] ?? '').trim(), line: index + 1 });
      current = known;
    } else if (current !== null && /^\s{2,}\S/.test(body)) {
      const previous = values.get(current);
      if (previous !== undefined)
        values.set(current, { ...previous, value: `${previous.value} ${body.trim()}` });
    } else {
      current = null;
    }
  }

  const get = (key: Key): string | null => {
    const value = values.get(key)?.value;
    return value === undefined || value === '' ? null : value;
  };
  const anomaly = get('anomaly');
  if (anomaly !== null) {
    const known = anomalyNamed(anomaly);
    if (known === undefined) {
      throw new BadInputError(
        `unknown anomaly '${anomaly}'${didYouMean(
          anomaly,
          anomalyNames.map((a) => a.name),
        )}; the names are ${anomalyNames.map((a) => a.name).join(', ')}`,
        { location: { file, line: values.get('anomaly')?.line ?? 1 } },
      );
    }
  }
  const list = (value: string | null) =>
    value === null
      ? null
      : value
          .split(/[\s,]+/)
          .map((name) => name.trim())
          .filter((name) => name !== '');
  const engines = list(get('engines'));
  return {
    id: get('id'),
    metadata: {
      title: get('title'),
      anomaly: anomaly === null ? null : (anomalyNamed(anomaly)?.name ?? anomaly),
      story: get('story'),
      cite: get('cite'),
      engines,
      note: get('note'),
      aliases: list(get('aliases')) ?? [],
      modelDifferences: modelDifferences(get('model-differs'), file, values.get('model-differs')?.line ?? 1),
    },
  };
}

/** `serializable, repeatable-read: why | all: why` as declarations. */
function modelDifferences(
  value: string | null,
  file: string,
  line: number,
): { levels: string[] | null; reason: string }[] {
  if (value === null) return [];
  return value.split(' | ').map((declaration) => {
    const colon = declaration.indexOf(':');
    const reason = declaration.slice(colon + 1).trim();
    if (colon === -1 || reason === '') {
      throw new BadInputError(
        "model-differs needs the levels, a colon and the reason: 'serializable: PostgreSQL does … and the model does not'",
        { location: { file, line } },
      );
    }
    const levels = declaration
      .slice(0, colon)
      .split(/[\s,]+/)
      .filter((level) => level !== '');
    return { levels: levels.includes('all') ? null : levels, reason };
  });
}
