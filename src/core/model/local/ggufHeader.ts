/**
 * A GGUF file's header, checked before llama.cpp reads it: the magic, and counts of tensors and
 * metadata entries that the file's size can hold. llama.cpp trusts the counts; a header that claims
 * 2^63 tensors makes it allocate for minutes and gigabytes before it fails.
 */
import { open, stat } from 'node:fs/promises';

/** The fewest bytes one tensor's description can take: name length and one letter, dimensions, one dimension, type, offset. */
const MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 8 + 4 + 8;
/** The fewest bytes one metadata entry can take: key length and one letter, type, a one-byte value. */
const MIN_KEY_VALUE_BYTES = 8 + 1 + 4 + 1;
const HEADER_BYTES = 24;

/** Why `file` is not a GGUF llama.cpp could read, or undefined when its header holds together. */
export async function ggufHeaderProblem(file: string): Promise<string | undefined> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    if (bytesRead < 4 || buffer.toString('latin1', 0, 4) !== 'GGUF') return 'it is not a GGUF model file';
    if (bytesRead < HEADER_BYTES) return `it ends inside its header (${size} bytes)`;
    const tensors = buffer.readBigUInt64LE(8);
    const keys = buffer.readBigUInt64LE(16);
    const needed = tensors * BigInt(MIN_TENSOR_INFO_BYTES) + keys * BigInt(MIN_KEY_VALUE_BYTES);
    if (needed > BigInt(size - HEADER_BYTES))
      return `its header claims ${tensors} tensors and ${keys} metadata entries, more than its ${size} bytes can hold`;
    return undefined;
  } finally {
    await handle.close();
  }
}
