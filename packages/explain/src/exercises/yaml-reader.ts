/**
 * Reading a YAML file into typed values, with every error naming the file, the line and
 * the field (`exercises/explain/07-loops.yaml:23: questions[1].tolerance: must be a number`).
 *
 * The `yaml` package parses the text into nodes that remember where they came from; we
 * turn those into a small tree of maps, lists and scalars with their line numbers, and the
 * readers below check each field as they take it. Unknown keys are errors too (with a
 * "did you mean" for typos), so a misspelt `refrence:` is caught instead of ignored.
 *
 * Aliases (`&name` … `*name`, and the `<<:` merge key) are not supported: these files are
 * short and read by people, and a value that lives elsewhere would be checked at the wrong
 * line. An alias is refused at its own line rather than read as a missing value.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type YamlTree =
  | { readonly kind: 'map'; readonly line: number; readonly entries: ReadonlyMap<string, YamlTree> }
  | { readonly kind: 'list'; readonly line: number; readonly items: readonly YamlTree[] }
  | { readonly kind: 'scalar'; readonly line: number; readonly value: string | number | boolean | null };

/** Parses YAML text; a syntax error is a {@link BadInputError} at its line. */
export function parseYaml(text: string, file: string): YamlTree {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lines.linePos(first.pos[0]).line;
    const message = first.message.split('\n')[0] ?? first.message;
    throw new BadInputError(`not valid YAML: ${message}`, { location: { file, line: Math.max(1, line) } });
  }
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? Math.max(1, lines.linePos(node.range[0]).line) : 1;
  const convert = (node: unknown): YamlTree => {
    if (isAlias(node)) {
      throw new BadInputError(`YAML aliases are not supported (*${node.source} at line ${lineOf(node)})`, {
        location: { file, line: lineOf(node) },
        hint: 'write the value out in full where it is used',
      });
    }
    if (isMap(node)) {
      const entries = new Map<string, YamlTree>();
      for (const pair of node.items) {
        if (isAlias(pair.key)) convert(pair.key);
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const value = pair.value as Node | null;
        entries.set(
          key,
          value === null ? { kind: 'scalar', line: lineOf(pair.key as Node), value: null } : convert(value),
        );
      }
      return { kind: 'map', line: lineOf(node), entries };
    }
    if (isSeq(node)) return { kind: 'list', line: lineOf(node), items: node.items.map(convert) };
    if (isScalar(node)) {
      const value = node.value;
      const scalar =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : String(value);
      return { kind: 'scalar', line: lineOf(node), value: scalar };
    }
    return { kind: 'scalar', line: 1, value: null };
  };
  return doc.contents === null ? { kind: 'scalar', line: 1, value: null } : convert(doc.contents);
}

/** A value at a path in a file, read with checks. */
export class YamlReader {
  readonly file: string;
  readonly tree: YamlTree;
  /** Where this value is, for messages: `questions[2].options[0].when`. */
  readonly path: string;

  constructor(file: string, tree: YamlTree, path = '') {
    this.file = file;
    this.tree = tree;
    this.path = path;
  }

  get line(): number {
    return this.tree.line;
  }

  /** A {@link BadInputError} about this value. */
  error(message: string, hint?: string): BadInputError {
    const where = this.path === '' ? '' : `${this.path}: `;
    return new BadInputError(`${where}${message}`, {
      location: { file: this.file, line: this.tree.line },
      ...(hint === undefined ? {} : { hint }),
    });
  }

  isMap(): boolean {
    return this.tree.kind === 'map';
  }

  isList(): boolean {
    return this.tree.kind === 'list';
  }

  /** The keys present, checked against the allowed ones. */
  keys(allowed: readonly string[]): string[] {
    const entries = this.entries();
    for (const key of entries.keys()) {
      if (!allowed.includes(key)) {
        throw this.child(key).error(
          `unknown field${didYouMean(key, allowed)}`,
          `the fields here are ${allowed.join(', ')}`,
        );
      }
    }
    return [...entries.keys()];
  }

  has(key: string): boolean {
    const value = this.entries().get(key);
    return value !== undefined && !(value.kind === 'scalar' && value.value === null);
  }

  /** The value under `key`; a missing key is an error. */
  get(key: string): YamlReader {
    const value = this.entries().get(key);
    if (value === undefined || (value.kind === 'scalar' && value.value === null)) {
      throw this.error(`missing field '${key}'`);
    }
    return this.child(key, value);
  }

  optional(key: string): YamlReader | undefined {
    return this.has(key) ? this.get(key) : undefined;
  }

  items(): YamlReader[] {
    if (this.tree.kind !== 'list') throw this.error('must be a list');
    return this.tree.items.map((item, index) => new YamlReader(this.file, item, `${this.path}[${index}]`));
  }

  string(): string {
    const value = this.scalar();
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') throw this.error('must be a non-empty text');
    return value;
  }

  number(): number {
    const value = this.scalar();
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw this.error(`must be a number, not ${show(value)}`);
    return value;
  }

  boolean(): boolean {
    const value = this.scalar();
    if (typeof value !== 'boolean') throw this.error(`must be true or false, not ${show(value)}`);
    return value;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const value = this.string();
    if (!(choices as readonly string[]).includes(value)) {
      throw this.error(`'${value}' is not one of ${choices.join(', ')}${didYouMean(value, choices)}`);
    }
    return value as T;
  }

  private scalar(): string | number | boolean | null {
    if (this.tree.kind !== 'scalar') throw this.error(`must be a single value, not a ${this.tree.kind}`);
    return this.tree.value;
  }

  private entries(): ReadonlyMap<string, YamlTree> {
    if (this.tree.kind !== 'map') throw this.error('must be a mapping of fields');
    return this.tree.entries;
  }

  private child(key: string, value?: YamlTree): YamlReader {
    const tree = value ?? this.entries().get(key) ?? this.tree;
    return new YamlReader(this.file, tree, this.path === '' ? key : `${this.path}.${key}`);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
