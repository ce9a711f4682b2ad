/**
 * Fetching a catalog model on first use: an HTTPS download that resumes, and that becomes the
 * model only when its size and SHA-256 are the catalog's. The bytes go to
 * `<file>.part`; a later attempt asks the server for the rest with a Range header, so a laptop on
 * a school connection never starts 2.5 GB over. The download stops when nothing arrives for a
 * while or the user cancels, keeping what arrived; the file becomes the model only once it is
 * complete and starts like a GGUF (a captive portal's login page is not a model). Offline, the
 * error names the file to place by hand and the option that points at a GGUF one already has.
 *
 * node-llama-cpp's downloader was the first choice; it keeps no partial file once stopped, and
 * offline it retries without end while it resolves the file, so Akkhara does this itself.
 */
import { createHash, type Hash } from 'node:crypto';
import { constants, createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { displayUrl } from '../../displayUrl';
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
  /**
   * Plain http (a school mirror without TLS): only when the user says so. The size and SHA-256
   * are checked either way.
   */
  readonly allowHttp?: boolean;
}

/** Redirects followed before giving up (Hugging Face sends one, to its file store). */
const MAX_REDIRECTS = 10;

const sizeOf = (file: string) =>
  stat(file).then(
    (info) => info.size,
    () => 0,
  );

/** The network cannot be reached: no connection, no name server, nothing listening. */
const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

/**
 * A catalog model that could not be downloaded: what happened (the message), where the file is
 * expected (`target`, so the user can place it there) and why in a word, for the front end to offer
 * the next step in its own terms (a flag on the terminal, a button in the editor).
 */
export class DownloadFailure extends ModelError {
  constructor(
    message: string,
    readonly target: string,
    readonly reason: 'offline' | 'plain-http' | 'other',
  ) {
    super('download', message);
  }
}

/** The local path of `entry`, downloading it first (or the rest of it) if it is not there. */
export async function ensureModel(entry: CatalogEntry, options: DownloadOptions = {}): Promise<string> {
  const dir = options.dir ?? defaultModelDir();
  const target = modelFile(entry, dir);
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const partial = `${target}.part`;
  const url = options.url ?? entry.url;
  const stallMs = options.stallMs ?? 30_000;
  const failed = (why: string, reason: DownloadFailure['reason'] = 'other') =>
    new DownloadFailure(`could not download ${entry.title} from ${displayUrl(url)} (${why})`, target, reason);

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
    if (offset > entry.bytes) {
      await truncate(partial, 0);
      offset = 0;
    }
    if (offset === entry.bytes) return await verifiedInPlace(partial, target, entry, failed);
    watch();
    const response = await fetchFollowing(url, offset, controller.signal, options.allowHttp === true, failed);
    if (response.status === 416 && offset) {
      // The part on disk is not a prefix of this file (the model was replaced): start again.
      await truncate(partial, 0);
      throw failed('the partial download did not match the file on the server; it was discarded, try again');
    }
    if (!response.ok || !response.body) throw failed(`HTTP ${response.status}`);
    if (response.status !== 206) offset = 0; // the server sent the whole file
    // What is on disk already counts toward the hash; the rest is hashed as it arrives.
    const hash = createHash('sha256');
    if (offset) await hashFile(partial, offset, hash);
    total = entry.bytes;
    downloaded = offset;
    // Never through a link planted where the part goes (O_NOFOLLOW): the models folder is ours alone.
    // Opened before the body is read: a 'data' listener makes the body flow, and chunks that
    // arrived while the file was still opening would be lost.
    const flags =
      constants.O_WRONLY |
      constants.O_CREAT |
      (constants.O_NOFOLLOW ?? 0) |
      (offset ? constants.O_APPEND : constants.O_TRUNC);
    const writer = (await open(partial, flags)).createWriteStream();
    const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    counted.on('data', (chunk: Buffer) => {
      downloaded += chunk.length;
      hash.update(chunk);
      watch();
      options.onProgress?.(downloaded, total);
      // More than the catalog's size: not the file it names; stop rather than fill the disk.
      if (downloaded > entry.bytes) counted.destroy(new Error('more bytes than the catalog’s size'));
    });
    try {
      await pipeline(counted, writer);
    } catch (error) {
      // pipeline rejects as soon as the source fails, while the file may still be finishing a
      // write: wait for it to close, so the size read below is what stays on disk.
      if (!writer.closed) await once(writer, 'close');
      if (downloaded > entry.bytes) {
        await rm(partial, { force: true });
        throw failed(
          `the server sent more than the ${entry.bytes} bytes the catalog names; nothing was kept`,
        );
      }
      throw error;
    }
    if (downloaded !== entry.bytes)
      throw failed(`the download ended after ${downloaded} of ${entry.bytes} bytes`);
    await checkGguf(partial, failed);
    const digest = hash.digest('hex');
    if (digest !== entry.sha256) {
      await rm(partial, { force: true });
      throw failed(
        `what arrived is not the catalog's file: its SHA-256 is ${digest}, not ${entry.sha256}; it was discarded`,
      );
    }
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
        `the connection was cut after ${downloaded} of ${entry.bytes} bytes; what arrived is kept for next time`,
      );
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw failed(
      cause ?? (error instanceof Error ? error.message : String(error)),
      cause && OFFLINE_CODES.has(cause) ? 'offline' : 'other',
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * GET `url` (from byte `offset`), following redirects by hand so that every hop is checked: https
 * only unless plain http is allowed, and at most MAX_REDIRECTS of them.
 */
async function fetchFollowing(
  url: string,
  offset: number,
  signal: AbortSignal,
  allowHttp: boolean,
  failed: (why: string, reason?: DownloadFailure['reason']) => DownloadFailure,
): Promise<Response> {
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(at);
    } catch {
      throw failed(`"${displayUrl(at)}" is not a web address`);
    }
    if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:'))
      throw failed(
        parsed.protocol === 'http:'
          ? `${displayUrl(at)} is plain http, which anyone on the network can change; use https, or allow http for a school mirror`
          : `only https addresses are fetched, not ${parsed.protocol}`,
        parsed.protocol === 'http:' ? 'plain-http' : 'other',
      );
    const response = await fetch(at, {
      headers: offset ? { range: `bytes=${offset}-` } : {},
      signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    at = new URL(location, at).href;
  }
  throw failed(`too many redirects (more than ${MAX_REDIRECTS}); the last one went to ${displayUrl(at)}`);
}

/** A part already complete (the last run stopped before it was moved): checked, then moved. */
async function verifiedInPlace(
  partial: string,
  target: string,
  entry: CatalogEntry,
  failed: (why: string) => DownloadFailure,
): Promise<string> {
  const hash = createHash('sha256');
  await hashFile(partial, entry.bytes, hash);
  const digest = hash.digest('hex');
  if (digest !== entry.sha256) {
    await rm(partial, { force: true });
    throw failed(
      `the file downloaded before is not the catalog's (SHA-256 ${digest}); it was discarded, try again`,
    );
  }
  await rename(partial, target);
  return target;
}

/** Feeds the first `bytes` of `file` to `hash`. */
async function hashFile(file: string, bytes: number, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file, { end: bytes - 1 })) hash.update(chunk as Buffer);
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
