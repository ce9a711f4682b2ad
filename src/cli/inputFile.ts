/**
 * A file the user names on the command line (tasks, completions, tests, code, a results file),
 * read as text: a folder, a missing file or one that cannot be read is a UsageError that names the
 * option and the path, never a bare EISDIR; a byte-order mark is not text (an editor on Windows
 * adds one), so the first task or line is never lost to it.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage';

export async function readInputFile(file: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EISDIR'
        ? `${what} ${file} is a folder; give a file`
        : code === 'ENOENT'
          ? `${what} ${file} does not exist`
          : `${what} ${file} cannot be read (${code ?? (error as Error).message})`,
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
