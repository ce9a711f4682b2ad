/**
 * The models Akkhara offers to download, one default per answer language. Chosen for a laptop
 * CPU (3–4 B parameters, Q4_K_M, 2–3 GB) and an open licence. Each file is pinned: the address
 * names a fixed revision of the repository, and the download must have exactly this size and
 * SHA-256 (as Hugging Face lists them for that revision) before it becomes the model.
 *
 * Burmese: Burmese-Coder-4B (Gemma-3-4B adapted with SFT and DPO, Hugging Face
 * WYNN747/burmese-coder-4b) is the model made for this; we know of no GGUF of it, so the default
 * is the model it was adapted from, Gemma-3-4B-it. With a GGUF of Burmese-Coder-4B (converted with
 * llama.cpp's convert_hf_to_gguf.py), point --model / akkhara.model.localPath at it.
 * Bangla: Qwen2.5-Coder-3B-Instruct: a coding model whose tokenizer covers Bengali script, with
 * official GGUF builds; TigerCoder (the Bangla code model) has no GGUF we know of.
 *
 * A school can offer its own list instead: AKKHARA_MODEL_CATALOG names a JSON file of entries of
 * the same shape (each with its size and SHA-256), which replaces this one.
 */
import { readFileSync } from 'node:fs';
import { ANSWER_LANGUAGES, type AnswerLanguage } from '../../languages';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  /** Where the GGUF file is published (Hugging Face's download address of the file at a fixed revision). */
  readonly url: string;
  readonly fileName: string;
  /** The file's exact size and SHA-256 (hex): a download is the model only when both match. */
  readonly bytes: number;
  readonly sha256: string;
  readonly licence: string;
  readonly defaultFor: readonly AnswerLanguage[];
}

export const BUILT_IN_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'gemma-3-4b-it',
    title: 'Gemma 3 4B instruct (Q4_K_M)',
    url: 'https://huggingface.co/ggml-org/gemma-3-4b-it-GGUF/resolve/d0976223747697cb51e056d85c532013931fe52e/gemma-3-4b-it-Q4_K_M.gguf',
    fileName: 'gemma-3-4b-it-Q4_K_M.gguf',
    bytes: 2_489_757_856,
    sha256: '882e8d2db44dc554fb0ea5077cb7e4bc49e7342a1f0da57901c0802ea21a0863',
    licence: 'Gemma Terms of Use',
    defaultFor: ['my'],
  },
  {
    id: 'qwen2.5-coder-3b-instruct',
    title: 'Qwen2.5-Coder 3B instruct (Q4_K_M)',
    url: 'https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct-GGUF/resolve/f74adce6aa16316c625447af059dbebe4983757c/qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    fileName: 'qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    bytes: 2_104_932_800,
    sha256: '724fb256bec1ff062b2f65e4569e871ad2e95ab2a3989723d1769c54294730b7',
    licence: 'Qwen Research License',
    defaultFor: ['bn'],
  },
];

/** A catalog file that cannot be used: the message names the file and the entry. */
export class CatalogError extends Error {}

let loaded: { from: string | undefined; entries: readonly CatalogEntry[] } | undefined;

/** The catalog in use: AKKHARA_MODEL_CATALOG's file when set, else the built-in one. */
export function catalog(): readonly CatalogEntry[] {
  const from = process.env.AKKHARA_MODEL_CATALOG || undefined;
  if (loaded?.from !== from || !loaded)
    loaded = { from, entries: from ? readCatalog(from) : BUILT_IN_CATALOG };
  return loaded.entries;
}

export function catalogEntry(id: string): CatalogEntry | undefined {
  return catalog().find((entry) => entry.id === id);
}

export function defaultModelFor(language: AnswerLanguage): CatalogEntry {
  const entries = catalog();
  return entries.find((entry) => entry.defaultFor.includes(language)) ?? entries[0];
}

function readCatalog(file: string): CatalogEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(
      `the model catalog ${file} (AKKHARA_MODEL_CATALOG) cannot be read: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(raw) || raw.length === 0)
    throw new CatalogError(`the model catalog ${file} must be a non-empty JSON array of models`);
  return raw.map((item, index) => checkedEntry(item, `${file}, model ${index + 1}`));
}

function checkedEntry(item: unknown, where: string): CatalogEntry {
  const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const wrong = (field: string, expected: string) =>
    new CatalogError(`the model catalog ${where}: "${field}" must be ${expected}`);
  for (const field of ['id', 'title', 'url', 'licence'])
    if (typeof entry[field] !== 'string' || !entry[field]) throw wrong(field, 'a non-empty string');
  if (typeof entry.fileName !== 'string' || !/^[\w.-]+\.gguf$/i.test(entry.fileName))
    throw wrong('fileName', 'a file name ending in .gguf, without folders');
  if (typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(entry.sha256))
    throw wrong('sha256', 'the file’s SHA-256 in 64 hex digits');
  if (typeof entry.bytes !== 'number' || !Number.isSafeInteger(entry.bytes) || entry.bytes <= 0)
    throw wrong('bytes', 'the file’s size in bytes');
  const defaultFor = entry.defaultFor ?? [];
  if (
    !Array.isArray(defaultFor) ||
    !defaultFor.every((l) => (ANSWER_LANGUAGES as readonly unknown[]).includes(l))
  )
    throw wrong('defaultFor', `a list of ${ANSWER_LANGUAGES.join(', ')}`);
  return {
    id: entry.id as string,
    title: entry.title as string,
    url: entry.url as string,
    fileName: entry.fileName,
    bytes: entry.bytes,
    sha256: entry.sha256.toLowerCase(),
    licence: entry.licence as string,
    defaultFor: defaultFor as AnswerLanguage[],
  };
}
