/**
 * Cuts a document into chunks of about CHUNK_SIZE UTF-16 units that can be analysed on their own:
 * cuts fall only just after a newline, outside code blocks and inline code, so no token, word,
 * line or code block spans two chunks. A Python file is one chunk (its strings can span lines).
 */
import { scanMarkdown, segmentMarkdown } from './markdown';
import type { DocumentKind } from './terms';

export const CHUNK_SIZE = 4096;

export interface ChunkRegion {
  readonly kind: 'prose' | 'python';
  /** Offsets into the whole text. */
  readonly start: number;
  readonly end: number;
}

/** Receives a chunk's regions in order. */
export type RegionSink = (kind: ChunkRegion['kind'], start: number, end: number) => void;

export interface Chunk {
  readonly start: number;
  readonly end: number;
  /** Hands the chunk's regions to `sink`, in order. */
  eachRegion(sink: RegionSink): void;
}

/** A chunk of a plan: its regions kept, as an editor re-reads them after each edit. */
export interface PlannedChunk extends Chunk {
  readonly regions: readonly ChunkRegion[];
}

function plannedChunk(start: number, end: number, regions: readonly ChunkRegion[]): PlannedChunk {
  return {
    start,
    end,
    regions,
    eachRegion(sink) {
      for (const region of regions) sink(region.kind, region.start, region.end);
    },
  };
}

/** What, besides its text, decides a chunk's findings: where its regions lie, and whether it opens the text. */
export function chunkSignature(chunk: Chunk): string {
  let signature = chunk.start === 0 ? '0|' : '|';
  chunk.eachRegion((kind, start, end) => {
    signature += `${kind[0]}${start - chunk.start},${end - chunk.start};`;
  });
  return signature + '|';
}

/**
 * The whole text as one chunk, for a one-shot analysis (nothing to reuse, so nothing to cut): its
 * regions are found as the analysis reads them, and not kept.
 */
export function wholeText(text: string, kind: DocumentKind, pythonFences: ReadonlySet<string>): Chunk {
  if (kind !== 'markdown') return onlyChunk(text, kind);
  return {
    start: 0,
    end: text.length,
    eachRegion(sink) {
      scanMarkdown(text, (segment, start, end, language) => {
        if (segment === 'prose') sink('prose', start, end);
        else if (segment === 'code' && pythonFences.has(language ?? '')) sink('python', start, end);
      });
    },
  };
}

/** A Python file is one chunk (its strings can span lines); plain text, one prose region. */
function onlyChunk(text: string, kind: 'python' | 'plaintext'): PlannedChunk {
  return plannedChunk(0, text.length, [
    { kind: kind === 'python' ? kind : 'prose', start: 0, end: text.length },
  ]);
}

export function planChunks(
  text: string,
  kind: DocumentKind,
  pythonFences: ReadonlySet<string>,
): PlannedChunk[] {
  if (kind === 'python') return [onlyChunk(text, kind)];
  const segments =
    kind === 'plaintext' ? [{ kind: 'prose' as const, start: 0, end: text.length }] : segmentMarkdown(text);
  const chunks: PlannedChunk[] = [];
  let chunkStart = 0;
  let regions: ChunkRegion[] = [];
  const cut = (at: number) => {
    if (at > chunkStart) chunks.push(plannedChunk(chunkStart, at, regions));
    chunkStart = at;
    regions = [];
  };
  for (const segment of segments) {
    if (segment.kind === 'prose') {
      let start = segment.start;
      for (;;) {
        const earliest = Math.max(start, chunkStart + CHUNK_SIZE - 1);
        if (earliest >= segment.end) break;
        const newline = text.indexOf('\n', earliest);
        if (newline < 0 || newline >= segment.end) break;
        regions.push({ kind: 'prose', start, end: newline + 1 });
        cut(newline + 1);
        start = newline + 1;
      }
      if (segment.end > start) regions.push({ kind: 'prose', start, end: segment.end });
    } else if (segment.kind === 'code' && pythonFences.has(segment.language ?? '')) {
      regions.push({ kind: 'python', start: segment.start, end: segment.end });
    }
    if (segment.end - chunkStart >= CHUNK_SIZE && text.charCodeAt(segment.end - 1) === 0x0a) cut(segment.end);
  }
  cut(text.length);
  return chunks;
}
