/**
 * The output file of a long run (generate, eval, judge): JSON lines written as each item finishes,
 * so an interrupted run keeps everything done, and the same command goes on from there. Opened
 * before any work starts, so a path that cannot be written is reported at once, not after hours.
 * A torn last line (a run killed mid-write) is cut off on opening; everything before it was
 * written whole.
 */
import { constants } from 'node:fs';
import { access, open, readFile, stat, truncate, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** Rows as JSON-lines text, for a file written whole (a run's training files). */
export const jsonlText = (rows: readonly object[]): string =>
  rows.map((row) => `${JSON.stringify(row)}\n`).join('');

/** The output cannot be used: the message names the path and what is wrong. */
export class OutputFileError extends Error {}

export class JsonlOutput {
  /** Rows on disk: those read back and those appended since. */
  private written: number;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    /** The rows already in the file, in order (resuming). */
    readonly rows: readonly Record<string, unknown>[],
    /** Whether a torn last line was cut off. */
    readonly droppedTornLine: boolean,
  ) {
    this.written = rows.length;
  }

  /** Opens `file` for appending (created if absent), after reading back what a previous run wrote. */
  static async open(file: string): Promise<JsonlOutput> {
    await checkWritable(file);
    const { rows, validBytes, size } = await readRows(file);
    if (validBytes < size) await truncate(file, validBytes);
    const handle = await open(file, 'a').catch((error: NodeJS.ErrnoException) => {
      throw new OutputFileError(`cannot write ${file}: ${error.message}`);
    });
    return new JsonlOutput(file, handle, rows, validBytes < size);
  }

  /** Appends rows, one line each, in one write: out of this process once it resolves. */
  async append(rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.handle
      .write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''))
      .catch((error: unknown) => {
        throw this.failed(error);
      });
    this.written += rows.length;
  }

  /** On disk, not just written (at the end of a run, or when it is stopped). */
  async sync(): Promise<void> {
    await this.handle.sync().catch((error: unknown) => {
      throw this.failed(error);
    });
  }

  /**
   * A write that failed (a full disk, a removed drive), said with the path and what is kept: the
   * lines before it are whole, a torn last one is cut off by the next run, which goes on from there.
   */
  private failed(error: unknown): OutputFileError {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EDQUOT'
          ? 'the disk quota is used up'
          : code === 'EIO'
            ? 'the disk reported an input/output error'
            : (error as Error).message;
    return new OutputFileError(
      `cannot write ${this.file}: ${why}. The ${this.written} line${this.written === 1 ? '' : 's'} written before are kept; free some room and run the same command to go on`,
    );
  }

  async close(): Promise<void> {
    await this.handle.sync().catch(() => undefined);
    await this.handle.close();
  }
}

/** Why `file` cannot take output, before any work is done; nothing when it can. */
async function checkWritable(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new OutputFileError(`${file} is a folder; give a file name for the output`);
  const folder = path.dirname(path.resolve(file));
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo) throw new OutputFileError(`cannot write ${file}: the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory()) throw new OutputFileError(`cannot write ${file}: ${folder} is not a folder`);
  await access(info ? file : folder, constants.W_OK).catch(() => {
    throw new OutputFileError(
      `cannot write ${file}: ${info ? 'the file is read-only' : `the folder ${folder} is read-only`}`,
    );
  });
}

/** The complete JSON-object lines at the start of `file`, and how many bytes they take. */
async function readRows(
  file: string,
): Promise<{ rows: Record<string, unknown>[]; validBytes: number; size: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { rows: [], validBytes: 0, size: 0 };
    throw new OutputFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const rows: Record<string, unknown>[] = [];
  let validBytes = 0;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    if (!line.trim()) {
      validBytes += bytes;
      continue;
    }
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      row = undefined;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      // Only the last line can be torn (a run killed mid-write); anything else means this is not
      // an output of ours, and nothing of it is touched.
      const last = index === lines.length - 1; // no newline after it: written in part
      if (!last || !line.trimStart().startsWith('{'))
        throw new OutputFileError(
          `${file} is not a JSON-lines output (line ${index + 1} is not a JSON object); choose another file`,
        );
      break;
    }
    rows.push(row as Record<string, unknown>);
    validBytes += bytes;
  }
  const size = Buffer.byteLength(text, 'utf8');
  return { rows, validBytes: Math.min(validBytes, size), size };
}

/**
 * Writes groups of rows (a finished task's) whole and synced, together when several finish while
 * one is being written (one fsync for them all): an interrupted run leaves complete groups, and the
 * workers that produced them are not held while the disk catches up. A failed write is thrown from
 * `drained()`, after `onFailure` (which should stop the producers: more work would only be lost).
 */
export class GroupWriter {
  private pending: object[][] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly out: JsonlOutput,
    private readonly onWritten: (groups: number) => void,
    private readonly onFailure: () => void,
  ) {}

  push(rows: object[]): void {
    this.pending.push(rows);
    if (this.pending.length === 1) {
      this.writing = this.writing.then(() => this.flush());
      // Handled here as well: a failure is thrown from drained(), never as an unhandled rejection.
      this.writing.catch(() => undefined);
    }
  }

  /** Resolves when every group pushed so far is on disk. */
  drained(): Promise<void> {
    return this.writing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        await this.out.append(batch.flat());
        await this.out.sync();
        this.onWritten(batch.length);
      }
    } catch (error) {
      this.onFailure();
      throw error;
    }
  }
}
