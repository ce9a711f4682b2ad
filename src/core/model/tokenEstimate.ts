/**
 * A tokenizer-free estimate of how many tokens a text costs, for callers that budget a context
 * window (VS Code's chat trims its history by it). It errs high: one token per three UTF-8 bytes is
 * about one per Burmese or Bangla character (BPE vocabularies of small models split these scripts
 * finely) and one per three English characters (about four in practice).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}
