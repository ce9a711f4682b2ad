/**
 * The feedback store: one JSON record per line, appended and fsync'd before `append` resolves, so a
 * crash loses at most the record being written. On load a torn last line (a crash mid-write) is
 * skipped and counted, and so is any line this version cannot read; nothing else is lost. The next
 * append first ends a torn line, so it never glues onto it.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { FEEDBACK_SCHEMA, parseStoredRecord, type DeleteRecord, type FeedbackRecord } from './record';

/** A record as the caller gives it: the store adds the schema, the id and the time. */
export type NewRecord = FeedbackRecord extends infer R
  ? R extends FeedbackRecord
    ? Omit<R, 'schema' | 'id' | 'createdAt'>
    : never
  : never;

export interface LoadedFeedback {
  /** In the order written, without deleted ones. */
  readonly records: FeedbackRecord[];
  /** Lines skipped: a torn last line, and lines that are not records of this schema. */
  readonly skipped: { readonly torn: number; readonly invalid: number };
}

/** The store cannot be used as asked: the message names the path and why. */
export class FeedbackStoreError extends Error {}

/** Opening for append without following a link at the last step (where the OS has O_NOFOLLOW). */
const APPEND_NO_FOLLOW =
  constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

export class FeedbackStore {
  /** Appends run one after another: two records never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `confinedTo`: a folder the store must stay inside (a workspace): no link on the way from it to
   * the file, and the file's real folder inside it, so a repository's `.akkhara -> ../elsewhere`
   * cannot make Akkhara append to a file of its choosing.
   */
  constructor(
    readonly file: string,
    private readonly confinedTo?: string,
  ) {}

  append(record: NewRecord): Promise<FeedbackRecord> {
    const stored = {
      ...record,
      schema: FEEDBACK_SCHEMA,
      id: randomUUID(),
      createdAt: new Date().toISOString(),
    } as FeedbackRecord;
    return this.write(stored).then(() => stored);
  }

  /** Deletes a record (by appending a deletion); false when no such record is stored. */
  async delete(id: string): Promise<boolean> {
    const { records } = await this.load();
    if (!records.some((record) => record.id === id)) return false;
    const deletion: DeleteRecord = {
      schema: FEEDBACK_SCHEMA,
      kind: 'delete',
      id: randomUUID(),
      target: id,
      createdAt: new Date().toISOString(),
    };
    await this.write(deletion);
    return true;
  }

  private write(record: FeedbackRecord | DeleteRecord): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.confinedTo) await this.checkConfined(this.confinedTo, true);
      else await mkdir(path.dirname(this.file), { recursive: true });
      const handle = await open(this.file, APPEND_NO_FOLLOW, 0o600).catch((error: NodeJS.ErrnoException) => {
        throw this.explained(error);
      });
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n'; // a torn line from a crash: end it, keep it apart
        }
        await handle.write(`${prefix}${JSON.stringify(record)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Whether the store's file exists yet (a store nobody wrote to is not an error). */
  async exists(): Promise<boolean> {
    return lstat(this.file).then(
      () => true,
      () => false,
    );
  }

  /** Every step from `root` to the file is a real folder (or not there yet), never a link. */
  private async checkConfined(root: string, create: boolean): Promise<void> {
    const relative = path.relative(root, this.file);
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw new FeedbackStoreError(`the feedback store ${this.file} is outside ${root}`);
    const steps = relative.split(path.sep);
    let at = root;
    for (const [index, step] of steps.entries()) {
      at = path.join(at, step);
      const info = await lstat(at).catch(() => undefined);
      if (info?.isSymbolicLink())
        throw new FeedbackStoreError(`${at} is a link; Akkhara does not write feedback through links`);
      const last = index === steps.length - 1;
      if (!info && !create) return; // nothing stored yet
      if (!info && !last) await mkdir(at);
      else if (info && !last && !info.isDirectory()) throw new FeedbackStoreError(`${at} is not a folder`);
    }
    const real = await realpath(path.dirname(this.file));
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`))
      throw new FeedbackStoreError(`the feedback store ${this.file} resolves outside ${root}`);
  }

  private explained(error: NodeJS.ErrnoException): Error {
    if (error.code === 'EISDIR')
      return new FeedbackStoreError(`the feedback store ${this.file} is a folder, not a file`);
    if (error.code === 'ELOOP')
      return new FeedbackStoreError(`${this.file} is a link; Akkhara does not write feedback through links`);
    return new FeedbackStoreError(`cannot write the feedback store ${this.file}: ${error.message}`);
  }

  async load(): Promise<LoadedFeedback> {
    let text: string;
    try {
      if (this.confinedTo) await this.checkConfined(this.confinedTo, false);
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { records: [], skipped: { torn: 0, invalid: 0 } };
      if (code === 'EISDIR' || code === 'ELOOP') throw this.explained(error as NodeJS.ErrnoException);
      throw new FeedbackStoreError(
        `cannot read the feedback store ${this.file}: ${(error as Error).message}`,
      );
    }
    const lines = text.split('\n');
    // Whatever follows the last newline was being written when the writer stopped.
    const tail = lines.pop() ?? '';
    const torn = tail.trim() ? 1 : 0;
    let invalid = 0;
    const records: FeedbackRecord[] = [];
    const deleted = new Set<string>();
    for (const line of lines) {
      if (!line.trim()) continue;
      let record;
      try {
        record = parseStoredRecord(JSON.parse(line));
      } catch {
        record = undefined;
      }
      if (!record) invalid++;
      else if (record.kind === 'delete') deleted.add(record.target);
      else records.push(record);
    }
    return { records: records.filter((record) => !deleted.has(record.id)), skipped: { torn, invalid } };
  }
}
