/**
 * The models Akkhara offers to download, one default per answer language. Chosen for a laptop
 * CPU (3–4 B parameters, Q4_K_M, 2–3 GB) and an open licence.
 *
 * Burmese: Burmese-Coder-4B (Gemma-3-4B adapted with SFT and DPO, Hugging Face
 * WYNN747/burmese-coder-4b) is the model made for this; we know of no GGUF of it, so the default
 * is the model it was adapted from, Gemma-3-4B-it. With a GGUF of Burmese-Coder-4B (converted with
 * llama.cpp's convert_hf_to_gguf.py), point --model / akkhara.model.localPath at it.
 * Bangla: Qwen2.5-Coder-3B-Instruct: a coding model whose tokenizer covers Bengali script, with
 * official GGUF builds; TigerCoder (the Bangla code model) has no GGUF we know of.
 */
import type { AnswerLanguage } from '../../languages';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  /** Where the GGUF file is published (Hugging Face's download address of the file). */
  readonly url: string;
  readonly fileName: string;
  readonly approximateBytes: number;
  readonly licence: string;
  readonly defaultFor: readonly AnswerLanguage[];
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'gemma-3-4b-it',
    title: 'Gemma 3 4B instruct (Q4_K_M)',
    url: 'https://huggingface.co/ggml-org/gemma-3-4b-it-GGUF/resolve/main/gemma-3-4b-it-Q4_K_M.gguf',
    fileName: 'gemma-3-4b-it-Q4_K_M.gguf',
    approximateBytes: 2.5e9,
    licence: 'Gemma Terms of Use',
    defaultFor: ['my'],
  },
  {
    id: 'qwen2.5-coder-3b-instruct',
    title: 'Qwen2.5-Coder 3B instruct (Q4_K_M)',
    url: 'https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct-GGUF/resolve/main/qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    fileName: 'qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    approximateBytes: 2.1e9,
    licence: 'Qwen Research License',
    defaultFor: ['bn'],
  },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}

export function defaultModelFor(language: AnswerLanguage): CatalogEntry {
  return CATALOG.find((entry) => entry.defaultFor.includes(language))!;
}
