/**
 * Reading SQL text: the one scanner under statement splitting, comment stripping and the
 * keyword checks of the isolation runners and the EXPLAIN grader, in both dialects.
 */
import {
  codeOnly,
  firstKeyword,
  quoteIdent,
  type SqlDialect,
  scanSql,
  splitStatements,
  stripComments,
} from '@dbplay/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const texts = (sql: string, dialect?: SqlDialect) => splitStatements(sql, dialect).map((s) => s.text);

describe('splitting statements', () => {
  it('splits on semicolons outside quotes, comments and dollar quotes, with line numbers', () => {
    const script = [
      "select 'a;b' as x; -- a comment; still comment",
      'select "odd;name" from t;',
      '/* block; /* nested; */ still */ select 1;',
      'do $$ begin perform 1; end $$;',
      "select $tag$ ; $tag$, E'it\\'s; fine';",
      'select 2',
    ].join('\n');
    expect(splitStatements(script)).toEqual([
      { text: "select 'a;b' as x", line: 1 },
      { text: '-- a comment; still comment\nselect "odd;name" from t', line: 1 },
      { text: '/* block; /* nested; */ still */ select 1', line: 3 },
      { text: 'do $$ begin perform 1; end $$', line: 4 },
      { text: "select $tag$ ; $tag$, E'it\\'s; fine'", line: 5 },
      { text: 'select 2', line: 6 },
    ]);
  });

  it.each<[string, SqlDialect, string[]]>([
    [
      `insert into t values ('a;b'); select "x;y" from t -- c;d
      ; /* e; */ select 1;;  `,
      'sqlite',
      ["insert into t values ('a;b')", 'select "x;y" from t -- c;d', '/* e; */ select 1'],
    ],
    ["select 'it''s; fine'", 'postgres', ["select 'it''s; fine'"]],
    ['select `a;b`, [c;d] from t; select 2', 'sqlite', ['select `a;b`, [c;d] from t', 'select 2']],
    // In PostgreSQL a bracket is an array subscript and a backtick is no quote at all.
    ['select a[1]; select 2', 'postgres', ['select a[1]', 'select 2']],
    // SQLite's block comments do not nest: the first */ ends it.
    ['/* a /* b */ select 1; */', 'sqlite', ['/* a /* b */ select 1', '*/']],
    // A quote left open runs to the end; the engine reports it in its own words.
    ["select 'open; select 2", 'postgres', ["select 'open; select 2"]],
    ['select $1; select 2', 'postgres', ['select $1', 'select 2']],
  ])('%j in %s', (sql, dialect, expected) => {
    expect(texts(sql, dialect)).toEqual(expected);
  });

  it('drops empty statements and comment-only ones', () => {
    expect(splitStatements(';; -- nothing\n ;')).toEqual([]);
    expect(splitStatements('  -- only a comment\n', 'sqlite')).toEqual([]);
  });

  it('cuts any text into pieces that join back into it', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', ' ', ';', "'", '"', '$', '-', '/', '*', '\n', '[', ']', '`', 'E'),
        }),
        fc.constantFrom<SqlDialect>('postgres', 'sqlite'),
        (sql, dialect) => {
          const pieces = scanSql(sql, dialect);
          expect(pieces.map((piece) => piece.text).join('')).toBe(sql);
          // No statement keeps a semicolon that is code; no statement is empty.
          for (const { text } of splitStatements(sql, dialect)) expect(text).not.toBe('');
        },
      ),
    );
  });
});

describe('reading words', () => {
  it('finds the first keyword after comments', () => {
    expect(firstKeyword('  /* why */ -- note\n BEGIN isolation level serializable')).toBe('begin');
    expect(firstKeyword("'begin'")).toBe('');
  });

  it('strips comments and keeps strings, or keeps code alone', () => {
    expect(stripComments("select '--x' /* a */ -- b\nfrom t")).toBe("select '--x'   \nfrom t");
    expect(codeOnly('select \'insert\', "delete", $$update$$ -- merge\nfrom t')).toBe(
      "select '', \"\", ''  \nfrom t",
    );
  });

  it('quotes identifiers', () => {
    expect(quoteIdent('my "odd" table')).toBe('"my ""odd"" table"');
  });
});
