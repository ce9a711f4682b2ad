/**
 * Downloads one model file with node-llama-cpp's downloader, in a process of its own: offline, the
 * downloader retries without end and takes no signal while it resolves the file, so the caller
 * watches for progress and kills this process when none comes.
 *
 * argv: llamaDir, uri, dir, fileName. Messages to the parent: progress, done, failed.
 * Bundled on its own (`akkhara:bundle/core/model/local/downloadWorker`).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type DownloadMessage =
  | { readonly type: 'progress'; readonly downloaded: number; readonly total: number }
  | { readonly type: 'done'; readonly file: string }
  | { readonly type: 'failed'; readonly message: string };

const send = (message: DownloadMessage) => process.send?.(message);

async function main(): Promise<void> {
  const [llamaDir, uri, dir, fileName] = process.argv.slice(2);
  const { createModelDownloader } = (await import(
    pathToFileURL(path.join(llamaDir, 'dist', 'index.js')).href
  )) as typeof import('node-llama-cpp');
  const downloader = await createModelDownloader({
    modelUri: uri,
    dirPath: dir,
    fileName,
    onProgress: ({ downloadedSize, totalSize }) =>
      send({ type: 'progress', downloaded: downloadedSize, total: totalSize }),
  });
  send({ type: 'done', file: await downloader.download() });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
  },
);
process.on('disconnect', () => process.exit(0));
