/**
 * Text from a model or a program, made safe to print on a terminal: every control character but a
 * newline and a tab is shown, not obeyed. Escape sequences could otherwise write the user's
 * clipboard (OSC 52), hide text (SGR 8), plant links (OSC 8), clear the screen, or move the cursor
 * to overwrite what was printed; bidirectional overrides could make code read other than it runs.
 * C0 controls become their Unicode control pictures (ESC → ␛), others a visible code point.
 */

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` with its control characters made visible; a Windows line end stays a line end. */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visible);
}

/**
 * The same for a stream of chunks: a carriage return at the end of a chunk waits for the next, in
 * case it begins with the newline of a Windows line end. `end()` returns what is still held.
 */
export function terminalSafeStream(): { write(chunk: string): string; end(): string } {
  let held = '';
  return {
    write(chunk) {
      const text = held + chunk;
      held = text.endsWith('\r') ? '\r' : '';
      return terminalSafe(held ? text.slice(0, -1) : text);
    },
    end() {
      const rest = held;
      held = '';
      return terminalSafe(rest);
    },
  };
}

/**
 * One line for a log that other programs read (stderr under GitHub Actions, whose runner obeys any
 * line starting with `::`): a file name with a newline or a control character in it is written
 * escaped (`\n`, `\u001b`), so it can neither start a line of its own nor move the cursor.
 */
export function oneLine(text: string): string {
  return `${text
    .replace(/\n$/, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
      c === '\n'
        ? '\\n'
        : c === '\r'
          ? '\\r'
          : c === '\t'
            ? '\t'
            : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )}\n`;
}
