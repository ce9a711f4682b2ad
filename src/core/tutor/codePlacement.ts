/**
 * Where an answer's code goes in the student's file: whole lines, never into the middle of one
 * (`retur` + `def count_even…` made `returdef count_even…`), and, when the file already defines a
 * function the code defines, that function's lines, which the student usually means after a fix.
 * Lines and characters are 0-based, as in the editor.
 */

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface LineEdit {
  readonly start: Position;
  readonly end: Position;
  readonly text: string;
}

const withNewline = (code: string) => (code.endsWith('\n') ? code : `${code}\n`);
const isBlank = (line: string) => line.trim() === '';
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/**
 * The edit that puts `code` at the selection as whole lines: a selection becomes the lines it
 * touches; an empty line takes the code; at the start of a line the code goes before it (a blank line
 * between); anywhere else in a line, after it.
 */
export function insertionEdit(
  lines: readonly string[],
  selection: { start: Position; end: Position },
  code: string,
): LineEdit {
  const text = withNewline(code);
  const { start, end } = selection;
  const empty = start.line === end.line && start.character === end.character;
  if (!empty) {
    // A selection that ends at the start of a line does not take that line.
    const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    return wholeLines(lines, start.line, lastLine, text);
  }
  const line = lines[start.line] ?? '';
  if (isBlank(line)) return wholeLines(lines, start.line, start.line, text);
  if (start.character <= indentOf(line))
    return {
      start: { line: start.line, character: 0 },
      end: { line: start.line, character: 0 },
      text: `${text}\n`,
    };
  if (start.line + 1 < lines.length)
    return {
      start: { line: start.line + 1, character: 0 },
      end: { line: start.line + 1, character: 0 },
      text,
    };
  // The last line of the file, without a newline after it.
  const at = { line: start.line, character: line.length };
  return { start: at, end: at, text: `\n${text.replace(/\n$/, '')}` };
}

/** Replaces lines first…last (inclusive) with `text` (which ends with a newline). */
function wholeLines(lines: readonly string[], first: number, last: number, text: string): LineEdit {
  if (last + 1 < lines.length)
    return { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 }, text };
  return {
    start: { line: first, character: 0 },
    end: { line: last, character: (lines[last] ?? '').length },
    text: text.replace(/\n$/, ''),
  };
}

/** The names of the functions `code` defines at its top level. */
export function definedFunctions(code: string): string[] {
  return [...code.matchAll(/^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/gm)].map((match) => match[1]);
}

/**
 * Lines of the function `name` in `lines`: its `def` line and its `last` (decorators above are not
 * counted: a replacement keeps the file's), or undefined.
 */
export function functionLines(
  lines: readonly string[],
  name: string,
): { def: number; last: number } | undefined {
  const header = new RegExp(`^([ \\t]*)(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\(`);
  const at = lines.findIndex((line) => header.test(line));
  if (at < 0) return undefined;
  const indent = indentOf(lines[at]);
  let last = at;
  for (let i = at + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (indentOf(lines[i]) <= indent) break;
    last = i;
  }
  return { def: at, last };
}

/**
 * When the file defines a function the code defines too: the edit that replaces the file's function
 * with the code's (the code's other lines, such as its tests, are left out), at the file's indentation.
 * The file's decorators stay (a method stays a static method); the answer's are not brought in.
 */
export function replacementEdit(
  lines: readonly string[],
  code: string,
): { name: string; edit: LineEdit } | undefined {
  const codeLines = code.replace(/\n$/, '').split('\n');
  for (const name of definedFunctions(code)) {
    const target = functionLines(lines, name);
    const source = functionLines(codeLines, name);
    if (!target || !source) continue;
    const indent = /^[ \t]*/.exec(lines[target.def])![0];
    const body = codeLines
      .slice(source.def, source.last + 1)
      .map((line) => (line === '' ? line : indent + line))
      .join('\n');
    return { name, edit: wholeLines(lines, target.def, target.last, `${body}\n`) };
  }
  return undefined;
}

/**
 * The code a selection attaches: a selection over several lines takes them whole (a selection that
 * starts after the indentation would otherwise send the first line at another indentation than the
 * rest); one within a line is taken as it is. A selection that ends at the start of a line does not
 * take that line. Lines are the first and last taken, 0-based.
 */
export function selectedCode(
  lines: readonly string[],
  selection: { start: Position; end: Position },
): { text: string; first: number; last: number } {
  const { start, end } = selection;
  if (start.line === end.line)
    return {
      text: (lines[start.line] ?? '').slice(start.character, end.character),
      first: start.line,
      last: start.line,
    };
  const last = end.character === 0 ? end.line - 1 : end.line;
  return { text: lines.slice(start.line, last + 1).join('\n'), first: start.line, last };
}
