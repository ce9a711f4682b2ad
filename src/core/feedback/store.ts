/**
 * The feedback store: one JSON record per line, appended and fsync'd before `append` resolves, so a
 * crash loses at most the record being written. On load a torn last line (a crash mid-write) is
 * skipped and counted, and so is any line this version cannot read; nothing else is lost. The next
 * append first ends a torn line, so it never glues onto it.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
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

export class FeedbackStore {
  /** Appends run one after another: two records never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

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
      await mkdir(path.dirname(this.file), { recursive: true });
      const handle = await open(this.file, 'a+');
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

  async load(): Promise<LoadedFeedback> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { records: [], skipped: { torn: 0, invalid: 0 } };
      throw error;
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
