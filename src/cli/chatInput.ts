/**
 * `akkhara chat` reads lines; a student's message is often more than one: a question and the code or
 * assert lines under it, or a pasted block. A line continues the message being gathered when it is
 * code (indented, `assert`, `def`, `import`, `>>>`, a comment, a line ending in `:`) or inside an open
 * ``` fence; a prose line, a /command or a blank line ends it. On a terminal, lines that arrive
 * together (a paste) also stay one message.
 */

const CODE_LINE =
  /^(?:[ \t]+\S|assert\b|def\s|class\s|import\s|from\s+\S+\s+import\b|return\b|print\(|>>>|```|#|@)|:\s*$/;

const fenceOpen = (lines: readonly string[]) =>
  lines.filter((line) => line.trimStart().startsWith('```')).length % 2 === 1;

/** Whether `line` belongs to the message `pending` (the lines gathered so far). */
export function continuesMessage(line: string, pending: readonly string[]): boolean {
  if (pending.length === 0) return false;
  if (fenceOpen(pending)) return true;
  if (line.trim() === '' || line.startsWith('/')) return false;
  return CODE_LINE.test(line);
}

/** A message as the terminal shows it back in piped mode: `› ` before its first line, two spaces before the rest. */
export function echoed(message: string): string {
  return `${message
    .split('\n')
    .map((line, i) => (i === 0 ? `› ${line}` : `  ${line}`))
    .join('\n')}\n`;
}
