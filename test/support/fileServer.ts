/** A mirror on 127.0.0.1 that serves one file, with byte ranges as download tools expect. */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  readonly url: string;
  /** Requests answered so far. */
  readonly requests: () => number;
  /** The Range header of each request ('' when none). */
  readonly ranges: string[];
  /** Cuts the connection of the next request after this many bytes of the body. */
  dropNextAfter?: number;
  /** Answers every request with a redirect to this address (a loop when it is the server's own). */
  redirectTo?: string;
  close(): Promise<void>;
}

export async function serveFile(file: string): Promise<FileServer> {
  const size = statSync(file).size;
  let requests = 0;
  const ranges: string[] = [];
  const server = createServer((request, response) => {
    requests++;
    ranges.push(request.headers.range ?? '');
    if (mirror.redirectTo) {
      response.writeHead(302, { location: mirror.redirectTo }).end();
      return;
    }
    const drop = mirror.dropNextAfter;
    mirror.dropNextAfter = undefined;
    const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Number(range[2]) : size - 1;
    response.writeHead(range ? 206 : 200, {
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(range && { 'content-range': `bytes ${start}-${end}/${size}` }),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (drop === undefined) {
      createReadStream(file, { start, end }).pipe(response);
      return;
    }
    // Flushed, then the connection dies: the client has exactly `drop` bytes.
    createReadStream(file, { start, end: start + drop - 1 })
      .on('data', (chunk) => response.write(chunk))
      .on('end', () => {
        response.write('', () => response.socket?.destroy());
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mirror: FileServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.gguf`,
    requests: () => requests,
    ranges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return mirror;
}
