import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentMarkdown } from '../../src/core/analysis/markdown';
import { tokenizePython, type PythonRegion } from '../../src/core/analysis/python';
import { random } from '../support/random';

const show = (text: string, regions: readonly { kind: string; start: number; end: number }[]) =>
  regions.map((r) => `${r.kind}:${text.slice(r.start, r.end)}`);

function assertCovers(text: string, regions: readonly { start: number; end: number }[]): void {
  let at = 0;
  for (const r of regions) {
    assert.equal(r.start, at, `gap or overlap at ${at}`);
    at = r.end;
  }
  assert.equal(at, text.length);
}

test('Python: comments, strings and code are told apart', () => {
  const src = 'x = "ကိန်း"  # မှတ်ချက်\ny = 12\n';
  const regions = tokenizePython(src);
  assertCovers(src, regions);
  assert.deepEqual(show(src, regions), [
    'code:x = ',
    'string:"ကိန်း"',
    'code:  ',
    'comment:# မှတ်ချက်',
    'code:\ny = 12\n',
  ]);
});

test('Python: triple-quoted docstrings with quotes and escapes inside', () => {
  const src = 'def f():\n    """ဥပမာ: "a" \\""" ok\n    ဆက်"""\n    return 1\n';
  const strings = tokenizePython(src).filter((r) => r.kind === 'string');
  assert.deepEqual(show(src, strings), ['string:"""ဥပမာ: "a" \\""" ok\n    ဆက်"""']);
});

test('Python: prefixes, and identifiers that end in prefix letters', () => {
  const src = "a = rb'\\d' + bar + f'' + Br\"x\"";
  const kinds = show(src, tokenizePython(src));
  assert.deepEqual(kinds, [
    'code:a = ',
    "string:rb'\\d'",
    'code: + bar + ',
    "string:f''",
    'code: + ',
    'string:Br"x"',
  ]);
});

test('Python: f-string fields are code, nested strings inside them are strings', () => {
  const src = 'f"মোট {total(xs, sep=\'၊\')} {{literal}} {x:>{w}}"';
  const regions = tokenizePython(src);
  assertCovers(src, regions);
  const code = regions.filter((r) => r.kind === 'code').map((r) => src.slice(r.start, r.end));
  assert.deepEqual(code, ['total(xs, sep=', ')', 'x:>{w}']);
  const strings = regions.filter((r) => r.kind === 'string').map((r) => src.slice(r.start, r.end));
  assert.ok(strings.includes("'၊'"));
  assert.ok(strings.some((s) => s.includes('{{literal}}')));
});

test('Python: an unterminated string ends with its line; code resumes after it', () => {
  const src = 'x = "ဖွင့်ထား\ny = ၁၂\n';
  const regions: PythonRegion[] = tokenizePython(src);
  assertCovers(src, regions);
  assert.deepEqual(show(src, regions), ['code:x = ', 'string:"ဖွင့်ထား', 'code:\ny = ၁၂\n']);
});

test('Python: line continuations and hashes inside strings', () => {
  const src = 'total = 1 + \\\n    2  # ok\ns = "#not a comment"\n';
  const kinds = show(src, tokenizePython(src));
  assert.deepEqual(kinds, [
    'code:total = 1 + \\\n    2  ',
    'comment:# ok',
    'code:\ns = ',
    'string:"#not a comment"',
    'code:\n',
  ]);
});

test('Python: a code region says whether it is all ASCII (only then may the code check skip it)', () => {
  const next = random(5);
  const pieces = [
    'x',
    'f"',
    '"',
    "'''",
    '{',
    '}',
    '(',
    ')',
    '#',
    '\n',
    ' ',
    '၁',
    'ক',
    'r',
    'rb',
    '\\',
    '=',
    '12',
    '\u200D',
  ];
  let wide = 0;
  for (let round = 0; round < 5000; round++) {
    let src = '';
    for (let i = 0, n = Math.floor(next() * 20); i < n; i++)
      src += pieces[Math.floor(next() * pieces.length)];
    for (const region of tokenizePython(src).filter((r) => r.kind === 'code')) {
      const ascii = /^[\x00-\x7F]*$/.test(src.slice(region.start, region.end));
      assert.equal(region.asciiOnly, ascii, JSON.stringify(src));
      if (!ascii) wide++;
    }
  }
  assert.ok(wide > 100, `only ${wide} code regions held a wide character`);
});

test('Markdown: fenced blocks with their language, inline code, prose', () => {
  const text = '# ခေါင်းစဉ်\n\n`sum()` ကိုသုံးပါ။\n\n```python\nx = 1\n```\n\n~~~\nbare\n~~~\nပြီးပါပြီ\n';
  const segments = segmentMarkdown(text);
  assertCovers(text, segments);
  assert.deepEqual(
    segments
      .filter((s) => s.kind !== 'fence')
      .map(
        (s) => `${s.kind}${s.language !== undefined ? `(${s.language})` : ''}:${text.slice(s.start, s.end)}`,
      ),
    [
      'prose:# ခေါင်းစဉ်\n\n',
      'inlineCode:`sum()`',
      'prose: ကိုသုံးပါ။\n\n',
      'code(python):x = 1\n',
      'prose:\n',
      'code():bare\n',
      'prose:ပြီးပါပြီ\n',
    ],
  );
});

test('Markdown: an unclosed fence runs to the end; a longer closing fence closes it', () => {
  const unclosed = 'ကြည့်ပါ\n```py\nx = ၁\n';
  assert.deepEqual(
    show(
      unclosed,
      segmentMarkdown(unclosed).filter((s) => s.kind === 'code'),
    ),
    ['code:x = ၁\n'],
  );
  const longer = '````\n```\nstill code\n`````\nprose';
  const segments = segmentMarkdown(longer);
  assert.deepEqual(
    show(
      longer,
      segments.filter((s) => s.kind !== 'fence'),
    ),
    ['code:```\nstill code\n', 'prose:prose'],
  );
});

test('Markdown: backtick runs pair only with runs of the same length; a lone run is prose', () => {
  const text = 'a ``x ` y`` b ` c';
  assert.deepEqual(show(text, segmentMarkdown(text)), ['prose:a ', 'inlineCode:``x ` y``', 'prose: b ` c']);
});

test('Markdown: a code span stays in its paragraph; a stray backtick does not make the next paragraph code', () => {
  const paragraphs = 'a ` b\n\nc `x` d\n';
  assert.deepEqual(show(paragraphs, segmentMarkdown(paragraphs)), [
    'prose:a ` b\n\nc ',
    'inlineCode:`x`',
    'prose: d\n',
  ]);
  const heading = '## a ` b\nc `x` d';
  assert.deepEqual(show(heading, segmentMarkdown(heading)), [
    'prose:## a ` b\nc ',
    'inlineCode:`x`',
    'prose: d',
  ]);
  // Within a paragraph a code span may still run over a line break, as CommonMark has it.
  const wrapped = 'a `x\ny` b\n   \n#hashtag `z`';
  assert.deepEqual(show(wrapped, segmentMarkdown(wrapped)), [
    'prose:a ',
    'inlineCode:`x\ny`',
    'prose: b\n   \n#hashtag ',
    'inlineCode:`z`',
  ]);
});

test('Markdown: Windows line endings (CRLF) close fences as LF ones do', () => {
  const text = 'ကြည့်ပါ\r\n```Python\r\nx = ၁\r\n```\r\nပြီးပါပြီ\r\n';
  const segments = segmentMarkdown(text);
  assertCovers(text, segments);
  assert.deepEqual(show(text, segments), [
    'prose:ကြည့်ပါ\r\n',
    'fence:```Python\r\n',
    'code:x = ၁\r\n',
    'fence:```\r\n',
    'prose:ပြီးပါပြီ\r\n',
  ]);
  assert.equal(segments.find((s) => s.kind === 'code')?.language, 'python');
});
