/**
 * LSP's framing over stdio, checked before the protocol's reader sees it: each message is headers
 * (at most 8 KB, with a Content-Length) and a body of that length. A declared length beyond
 * MAX_MESSAGE_BYTES is refused at once (the reader would otherwise wait for a terabyte that never
 * comes), and so is a header block that never ends. The bytes pass through unchanged.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** The largest message a client may send: a 10 MB document as JSON, several times over. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

export class FramingError extends Error {}

export class FramingGuard extends Transform {
  /** Bytes of the current body still to pass; -1 while reading headers. */
  private bodyLeft = -1;
  private header = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.check(chunk);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, chunk);
  }

  private check(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= take;
        at += take;
        continue;
      }
      // Headers: gather until the blank line.
      this.header = Buffer.concat([this.header, chunk.subarray(at)]);
      const end = this.header.indexOf(HEADER_END);
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES)
          throw new FramingError(`a header block longer than ${MAX_HEADER_BYTES} bytes`);
        return;
      }
      const length = /(?:^|\r\n)content-length:\s*(\d+)\s*(?:\r\n|$)/i.exec(
        this.header.subarray(0, end).toString('latin1'),
      );
      if (!length) throw new FramingError('a header block without Content-Length');
      const declared = Number(length[1]);
      if (!Number.isSafeInteger(declared) || declared > MAX_MESSAGE_BYTES)
        throw new FramingError(`a message of ${length[1]} bytes (at most ${MAX_MESSAGE_BYTES} are read)`);
      // What followed the headers in this chunk is body (and maybe the next message).
      const consumed = chunk.length - (this.header.length - end - HEADER_END.length);
      this.header = Buffer.alloc(0);
      this.bodyLeft = declared;
      at = consumed;
    }
  }
}
