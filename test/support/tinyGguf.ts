/**
 * Writes a tiny llama-architecture GGUF (v3, F32, random weights from a seed) that llama.cpp loads
 * in milliseconds: 64-wide, 2 layers, 4 heads. Its vocabulary holds the SentencePiece control
 * tokens, the 256 byte tokens and a few whole pieces in Latin, Burmese, Bangla, Thai and
 * Devanagari, so that tests can see which scripts a model emits. The answers are noise; the loading
 * and decoding code that runs them is the real one.
 */
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../../src/core/stats/random';

const EMBEDDING_DEFAULT = 64;
const LAYERS_DEFAULT = 2;
const HEADS_DEFAULT = 4;
const FEED_FORWARD_DEFAULT = 128;
const ALIGNMENT = 32;

/** Whole pieces beyond the bytes; "▁" marks a leading space, as in SentencePiece. */
export const TINY_PIECES = [
  '▁',
  '▁def',
  '▁return',
  '▁x',
  '▁=',
  '▁1',
  '(',
  ')',
  ':',
  '\n',
  '▁the',
  '▁list',
  '▁ကိန်း',
  '▁ပေါင်း',
  'သည်',
  '။',
  '▁သင်',
  'ပါ',
  '▁সংখ্যা',
  '▁যোগ',
  'করুন',
  '।',
  '▁আমি',
  '▁สวัสดี',
  'ครับ',
  '▁ภาษา',
  'ไทย',
  '▁नमस्ते',
  'भाषा',
  '▁हिंदी',
] as const;

enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

type Value =
  | { type: ValueType.UINT32 | ValueType.INT32 | ValueType.FLOAT32; value: number }
  | { type: ValueType.STRING; value: string }
  | { type: ValueType.BOOL; value: boolean }
  | { type: ValueType.ARRAY; items: ValueType.STRING; value: readonly string[] }
  | { type: ValueType.ARRAY; items: ValueType.FLOAT32 | ValueType.INT32; value: readonly number[] };

class Writer {
  private readonly chunks: Buffer[] = [];
  length = 0;

  private push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  bytes(buffer: Buffer): void {
    this.push(buffer);
  }
  pad(): void {
    const rest = this.length % ALIGNMENT;
    if (rest) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  value(v: Value): void {
    this.u32(v.type);
    switch (v.type) {
      case ValueType.UINT32:
        return this.u32(v.value);
      case ValueType.INT32:
        return this.i32(v.value);
      case ValueType.FLOAT32:
        return this.f32(v.value);
      case ValueType.BOOL:
        return this.bytes(Buffer.from([v.value ? 1 : 0]));
      case ValueType.STRING:
        return this.string(v.value);
      case ValueType.ARRAY:
        this.u32(v.items);
        this.u64(v.value.length);
        for (const item of v.value) {
          if (typeof item === 'string') this.string(item);
          else if (v.items === ValueType.FLOAT32) this.f32(item);
          else this.i32(item);
        }
    }
  }
  result(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Deterministic pseudo-random weights. */
const random = seededRandom;

export interface TinyGgufOptions {
  readonly seed?: number;
  /** A Jinja chat template stored in the file (tokenizer.chat_template). */
  readonly chatTemplate?: string;
  /** Leave out a key llama.cpp requires, to make a model that crashes the loader. */
  readonly omitKey?: string;
  /**
   * A bigger model, for benchmarks where the matrix work must dominate (e.g. 768 wide, 8 layers,
   * 2048 feed-forward: about 220 MB). Default: 64 wide, 2 layers, 4 heads, 128 feed-forward.
   */
  readonly size?: {
    readonly embedding: number;
    readonly layers: number;
    readonly feedForward: number;
    readonly heads: number;
  };
}

export function tinyVocabulary(): string[] {
  const bytes = Array.from({ length: 256 }, (_, i) => `<0x${i.toString(16).toUpperCase().padStart(2, '0')}>`);
  return ['<unk>', '<s>', '</s>', ...bytes, ...TINY_PIECES];
}

export function writeTinyGguf(file: string, options: TinyGgufOptions = {}): void {
  const {
    embedding: EMBEDDING,
    layers: LAYERS,
    feedForward: FEED_FORWARD,
    heads: HEADS,
  } = options.size ?? {
    embedding: EMBEDDING_DEFAULT,
    layers: LAYERS_DEFAULT,
    feedForward: FEED_FORWARD_DEFAULT,
    heads: HEADS_DEFAULT,
  };
  // Weights shrink with the width, so a wide random model's activations stay finite.
  const scale = 0.5 * Math.sqrt(EMBEDDING_DEFAULT / EMBEDDING);
  const vocabulary = tinyVocabulary();
  const tokenTypes = vocabulary.map((_, i) => (i === 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1));
  const metadata: [string, Value][] = [
    ['general.architecture', { type: ValueType.STRING, value: 'llama' }],
    ['general.name', { type: ValueType.STRING, value: 'akkhara-tiny-test' }],
    ['general.alignment', { type: ValueType.UINT32, value: ALIGNMENT }],
    ['llama.context_length', { type: ValueType.UINT32, value: 2048 }],
    ['llama.embedding_length', { type: ValueType.UINT32, value: EMBEDDING }],
    ['llama.block_count', { type: ValueType.UINT32, value: LAYERS }],
    ['llama.feed_forward_length', { type: ValueType.UINT32, value: FEED_FORWARD }],
    ['llama.attention.head_count', { type: ValueType.UINT32, value: HEADS }],
    ['llama.attention.head_count_kv', { type: ValueType.UINT32, value: HEADS }],
    ['llama.attention.layer_norm_rms_epsilon', { type: ValueType.FLOAT32, value: 1e-5 }],
    ['llama.rope.dimension_count', { type: ValueType.UINT32, value: EMBEDDING / HEADS }],
    ['tokenizer.ggml.model', { type: ValueType.STRING, value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: ValueType.ARRAY, items: ValueType.STRING, value: vocabulary }],
    [
      'tokenizer.ggml.scores',
      {
        type: ValueType.ARRAY,
        items: ValueType.FLOAT32,
        value: vocabulary.map((_, i) => (i < 259 ? 0 : -i)),
      },
    ],
    ['tokenizer.ggml.token_type', { type: ValueType.ARRAY, items: ValueType.INT32, value: tokenTypes }],
    ['tokenizer.ggml.bos_token_id', { type: ValueType.UINT32, value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: ValueType.UINT32, value: 2 }],
    ['tokenizer.ggml.unknown_token_id', { type: ValueType.UINT32, value: 0 }],
    ...(options.chatTemplate
      ? [
          ['tokenizer.chat_template', { type: ValueType.STRING, value: options.chatTemplate }] as [
            string,
            Value,
          ],
        ]
      : []),
  ].filter(([key]) => key !== options.omitKey) as [string, Value][];

  const shapes: [string, number[]][] = [
    ['token_embd.weight', [EMBEDDING, vocabulary.length]],
    ['output_norm.weight', [EMBEDDING]],
    ['output.weight', [EMBEDDING, vocabulary.length]],
  ];
  for (let i = 0; i < LAYERS; i++) {
    shapes.push(
      [`blk.${i}.attn_norm.weight`, [EMBEDDING]],
      [`blk.${i}.attn_q.weight`, [EMBEDDING, EMBEDDING]],
      [`blk.${i}.attn_k.weight`, [EMBEDDING, EMBEDDING]],
      [`blk.${i}.attn_v.weight`, [EMBEDDING, EMBEDDING]],
      [`blk.${i}.attn_output.weight`, [EMBEDDING, EMBEDDING]],
      [`blk.${i}.ffn_norm.weight`, [EMBEDDING]],
      [`blk.${i}.ffn_gate.weight`, [EMBEDDING, FEED_FORWARD]],
      [`blk.${i}.ffn_up.weight`, [EMBEDDING, FEED_FORWARD]],
      [`blk.${i}.ffn_down.weight`, [FEED_FORWARD, EMBEDDING]],
    );
  }

  const header = new Writer();
  header.bytes(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(shapes.length);
  header.u64(metadata.length);
  for (const [key, value] of metadata) {
    header.string(key);
    header.value(value);
  }
  const next = random(options.seed ?? 1);
  const data = new Writer();
  for (const [name, dims] of shapes) {
    header.string(name);
    header.u32(dims.length);
    for (const dim of dims) header.u64(dim);
    header.u32(0); // F32
    header.u64(data.length);
    const count = dims.reduce((a, b) => a * b, 1);
    const values = Buffer.alloc(count * 4);
    const isNorm = dims.length === 1;
    for (let i = 0; i < count; i++) values.writeFloatLE(isNorm ? 1 : (next() - 0.5) * scale, i * 4);
    data.bytes(values);
    data.pad();
  }
  header.pad();
  writeFileSync(file, Buffer.concat([header.result(), data.result()]));
}
