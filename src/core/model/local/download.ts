/**
 * Fetching a catalog model on first use: an HTTP download that resumes. The bytes go to
 * `<file>.part`; a later attempt asks the server for the rest with a Range header, so a laptop on
 * a school connection never starts 2.5 GB over. The download stops when nothing arrives for a
 * while or the user cancels, keeping what arrived; the file becomes the model only once it is
 * complete and starts like a GGUF (a captive portal's login page is not a model). Offline, the
 * error names the file to place by hand and the option that points at a GGUF one already has.
 *
 * node-llama-cpp's downloader was the first choice; it keeps no partial file once stopped, and
 * offline it retries without end while it resolves the file, so Akkhara does this itself.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, rename, stat, truncate } from 'node:fs/promises';
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ModelError } from '../types';
import type { CatalogEntry } from './catalog';

/** Where catalog models live outside VS Code (VS Code passes its global storage). */
export function defaultModelDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'akkhara', 'models');
}

export function modelFile(entry: CatalogEntry, dir = defaultModelDir()): string {
  return path.join(dir, entry.fileName);
}

export interface DownloadOptions {
  readonly dir?: string;
  readonly onProgress?: (downloaded: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Give up when no byte arrives for this long (the part already fetched is kept). */
  readonly stallMs?: number;
  /** Where to fetch from instead of the catalog's address (a mirror, or a test server). */
  readonly url?: string;
}

const sizeOf = (file: string) =>
  stat(file).then(
    (info) => info.size,
    () => 0,
  );

/** The local path of `entry`, downloading it first (or the rest of it) if it is not there. */
export async function ensureModel(entry: CatalogEntry, options: DownloadOptions = {}): Promise<string> {
  const dir = options.dir ?? defaultModelDir();
  const target = modelFile(entry, dir);
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const partial = `${target}.part`;
  const url = options.url ?? entry.url;
  const stallMs = options.stallMs ?? 30_000;
  const failed = (why: string) =>
    new ModelError(
      'download',
      `could not download ${entry.title} from ${url} (${why}). Place the file at ${target}, or point ` +
        `--model (the setting akkhara.model.localPath in VS Code) at a GGUF file you have`,
    );

  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  let downloaded = 0;
  let total = 0;
  try {
    let offset = await sizeOf(partial);
    watch();
    const response = await fetch(url, {
      headers: offset ? { range: `bytes=${offset}-` } : {},
      signal: controller.signal,
    });
    if (response.status === 416 && offset) {
      // The part on disk is not a prefix of this file (the model was replaced): start again.
      await truncate(partial, 0);
      throw failed('the partial download did not match the file on the server; it was discarded, try again');
    }
    if (!response.ok || !response.body) throw failed(`HTTP ${response.status}`);
    if (response.status !== 206) offset = 0; // the server sent the whole file
    const length = Number(response.headers.get('content-length') ?? NaN);
    total = Number.isFinite(length) ? offset + length : 0;
    downloaded = offset;
    const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    counted.on('data', (chunk: Buffer) => {
      downloaded += chunk.length;
      watch();
      options.onProgress?.(downloaded, total);
    });
    const writer = createWriteStream(partial, { flags: offset ? 'a' : 'w' });
    try {
      await pipeline(counted, writer);
    } catch (error) {
      // pipeline rejects as soon as the source fails, while the file may still be finishing a
      // write: wait for it to close, so the size read below is what stays on disk.
      if (!writer.closed) await once(writer, 'close');
      throw error;
    }
    if (total && downloaded !== total)
      throw failed(`the download ended after ${downloaded} of ${total} bytes`);
    await checkGguf(partial, failed);
    await rename(partial, target);
    return target;
  } catch (error) {
    if (error instanceof ModelError) throw error;
    // What is on disk, not what was read: chunks still buffered for the file are lost with the stream.
    downloaded = await sizeOf(partial);
    if (options.signal?.aborted)
      throw new ModelError('download', 'the download was cancelled; what arrived is kept for next time');
    if (stalled) throw failed(`nothing arrived for ${stallMs / 1000} s; what arrived is kept for next time`);
    if (downloaded > 0)
      throw failed(
        `the connection was cut after ${downloaded} of ${total || '?'} bytes; what arrived is kept for next time`,
      );
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw failed(cause ?? (error instanceof Error ? error.message : String(error)));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** Every GGUF file starts with the bytes "GGUF". */
async function checkGguf(file: string, failed: (why: string) => ModelError): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead === 4 && buffer.toString('latin1') === 'GGUF') return;
  } finally {
    await handle.close();
  }
  await truncate(file, 0);
  throw failed('what arrived is not a GGUF model file (a login page of the network?)');
}
