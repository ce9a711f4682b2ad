/**
 * Fetching a catalog model on first use: node-llama-cpp's downloader in a helper process
 * (downloadWorker.ts), progress reported as it comes, the process killed when the network gives
 * nothing for a while or the user cancels. Offline, the error names the file to place by hand and
 * the option that points at a GGUF one already has.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import DOWNLOAD_WORKER from 'akkhara:bundle/core/model/local/downloadWorker';
import { writeHelper } from '../../helperFiles';
import { packageDir } from '../../packageDir';
import { ModelError } from '../types';
import type { CatalogEntry } from './catalog';
import type { DownloadMessage } from './downloadWorker';

/** Where catalog models live: the extension's global storage, else ~/.cache/akkhara/models. */
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
  /** Give up when no byte arrives for this long. */
  readonly stallMs?: number;
  /** Where to fetch from instead of the catalog's address (a mirror, or a test server). */
  readonly uri?: string;
}

/** The local path of `entry`, downloading it first if it is not there. */
export async function ensureModel(entry: CatalogEntry, options: DownloadOptions = {}): Promise<string> {
  const dir = options.dir ?? defaultModelDir();
  const target = modelFile(entry, dir);
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const llamaDir = packageDir('node-llama-cpp');
  if (!llamaDir) throw new ModelError('download', 'node-llama-cpp is not installed next to Akkhara');
  const script = await writeHelper('download-worker.cjs', DOWNLOAD_WORKER);
  const uri = options.uri ?? entry.uri;
  const offline = (why: string) =>
    new ModelError(
      'download',
      `could not download ${entry.title} from ${uri} (${why}). Place the file at ${target}, or point ` +
        `--model (the setting akkhara.model.localPath in VS Code) at a GGUF file you have`,
    );
  return new Promise<string>((resolve, reject) => {
    const child = fork(script, [llamaDir, uri, dir, entry.fileName], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
    });
    let settled = false;
    let stall: NodeJS.Timeout | undefined;
    const finish = (error: ModelError | undefined, file?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      options.signal?.removeEventListener('abort', cancel);
      if (child.exitCode === null) child.kill();
      if (error) reject(error);
      else resolve(file!);
    };
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => finish(offline(`nothing arrived for ${(options.stallMs ?? 30_000) / 1000} s`)),
        options.stallMs ?? 30_000,
      );
    };
    const cancel = () => finish(new ModelError('download', 'the download was cancelled'));
    options.signal?.addEventListener('abort', cancel, { once: true });
    watch();
    child.on('message', (message: DownloadMessage) => {
      if (message.type === 'progress') {
        watch();
        options.onProgress?.(message.downloaded, message.total);
      } else if (message.type === 'done') finish(undefined, message.file);
      else finish(offline(message.message));
    });
    child.on('exit', (code) => finish(offline(`the downloader stopped with exit code ${code}`)));
  });
}
