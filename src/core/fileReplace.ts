/**
 * Replacing a file whole: a temporary file beside it, then a rename, so a reader sees the old file or
 * the new one. The temporary is created exclusively (O_EXCL, which never follows a link) under a
 * random name: a repository that plants links where the temporary would go cannot make us write
 * through them. The file itself is never a link here; callers resolve links first and decide
 * whether the target may be written.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';

/** The file changed on disk since it was read: replacing it would lose what was written meanwhile. */
export class ChangedSinceReadError extends Error {
  readonly code = 'ECHANGED';
  constructor(readonly file: string) {
    super(`${file} changed on disk since it was read`);
  }
}

export interface ReplaceOptions {
  /** The new file's permission bits (default 0o644 less the umask). */
  readonly mode?: number;
  /** The bytes the file held when it was read: if it holds others now, nothing is replaced. */
  readonly expected?: Uint8Array;
}

/** A name beside `file` that nobody could have guessed in advance. */
export function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

export async function replaceFile(
  file: string,
  data: string | Uint8Array,
  options: ReplaceOptions = {},
): Promise<void> {
  const temporary = temporaryBeside(file);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(temporary, flags, options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      // The mode as given, not as the umask left it (a script stays executable).
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.expected) {
      const now = await lstat(file).then(
        (info) => (info.isFile() ? readFile(file) : undefined),
        () => undefined,
      );
      if (!now || !Buffer.from(options.expected).equals(now)) throw new ChangedSinceReadError(file);
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
