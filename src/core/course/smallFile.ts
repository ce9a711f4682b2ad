/**
 * Reading a small file that a repository provides (a configuration, an ignore file): only a regular
 * file, never through a link (a link to /dev/zero or to a file of the user's would be read as
 * ours), never waiting on a FIFO, and never more than `maxBytes`.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The most a course configuration or an ignore file may hold. */
export const SMALL_FILE_BYTES = 1024 * 1024;

export type SmallFileProblem = 'link' | 'not-a-file' | 'too-large' | 'unreadable';

export class SmallFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: SmallFileProblem,
    readonly maxBytes: number,
  ) {
    super(`${file}: ${SMALL_FILE_PROBLEMS[problem](maxBytes)}`);
    this.name = 'SmallFileError';
  }
}

export const SMALL_FILE_PROBLEMS: Readonly<Record<SmallFileProblem, (maxBytes: number) => string>> = {
  link: () => 'is a link; only a regular file is read',
  'not-a-file': () => 'is not a regular file',
  'too-large': (maxBytes) => `is larger than ${Math.round(maxBytes / 1024)} KB`,
  unreadable: () => 'cannot be read',
};

/**
 * The file's text (UTF-8, without a byte-order mark), undefined when there is no such file, or a
 * SmallFileError that says why it was not read.
 */
export async function readSmallFile(file: string, maxBytes = SMALL_FILE_BYTES): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SmallFileError(file, code === 'ELOOP' ? 'link' : 'unreadable', maxBytes);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SmallFileError(file, 'not-a-file', maxBytes);
    if (info.size > maxBytes) throw new SmallFileError(file, 'too-large', maxBytes);
    const bytes = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new SmallFileError(file, 'too-large', maxBytes); // it grew meanwhile
    }
    const text = bytes.subarray(0, length).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    await handle.close();
  }
}
