/**
 * How `lint --fix` writes a fixed file: whole or not at all (core/fileReplace), only inside the
 * folders the command line names (a link planted in a repository never leads the write outside),
 * and never over what was written to the file while it was being fixed.
 */
import { constants } from 'node:fs';
import { access, lstat, open, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { ChangedSinceReadError, replaceFile } from '../core/fileReplace';
import type { FixRefusal } from './lintReport';

/** --fix did not write the file; `where` names the folder or the link's target. */
export class FixRefused extends Error {
  constructor(
    readonly why: FixRefusal,
    readonly where = '',
  ) {
    super(why);
  }
}

/** The real folders --fix may write in: each folder named, a named file's folder, a glob's base. */
export async function fixRoots(paths: readonly string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const arg of paths.length ? paths : ['.']) {
    const info = await stat(arg).catch(() => undefined);
    const folder = info?.isDirectory() ? arg : info ? path.dirname(arg) : picomatch.scan(arg).base || '.';
    const real = await realpath(folder).catch(() => undefined);
    if (real) roots.push(real);
  }
  return roots;
}

const within = (file: string, folder: string) =>
  file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Writes `fixed` in place of `file`, whose text was `original` when it was read (without a byte-order
 * mark, which stays if the file had one). A link is followed only to a file inside `roots`.
 */
export async function writeFixed(
  file: string,
  original: string,
  fixed: string,
  roots: readonly string[],
): Promise<void> {
  let target = file;
  if ((await lstat(file)).isSymbolicLink()) {
    target = await realpath(file);
    if (!roots.some((root) => within(target, root))) throw new FixRefused('link-outside', target);
  }
  const folder = path.dirname(target);
  await access(folder, constants.W_OK).catch(() => {
    throw new FixRefused('folder-not-writable', folder);
  });
  await access(target, constants.W_OK).catch(() => {
    throw new FixRefused('file-not-writable');
  });
  const { mode } = await stat(target);
  const head = Buffer.alloc(3);
  const handle = await open(target, 'r');
  try {
    await handle.read(head, 0, 3, 0);
  } finally {
    await handle.close();
  }
  const bom = head.equals(BOM) ? BOM : Buffer.alloc(0);
  try {
    await replaceFile(target, Buffer.concat([bom, Buffer.from(fixed)]), {
      mode: mode & 0o7777,
      expected: Buffer.concat([bom, Buffer.from(original)]),
    });
  } catch (error) {
    if (error instanceof ChangedSinceReadError) throw new FixRefused('changed');
    throw error;
  }
}
