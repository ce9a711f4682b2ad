/**
 * "Explain selection": the question asked about selected code. Kept apart from prompt.ts, which
 * pulls in the script analysis: this one is small enough for the activation bundle.
 */
import type { AnswerLanguage } from '../languages';

const EXPLAIN_CODE: Readonly<Record<AnswerLanguage, string>> = {
  my: 'အောက်ပါ Python ကုဒ်ကို စာကြောင်းတစ်ကြောင်းချင်း မြန်မာဘာသာဖြင့် ရှင်းပြပါ။',
  bn: 'নিচের Python কোডটি লাইন ধরে ধরে বাংলায় ব্যাখ্যা করুন।',
};

/** "Explain selection": the selected code in a Python block after the request, in `language`. */
export function explainQuestion(code: string, language: AnswerLanguage): string {
  const fence = code.includes('```') ? '~~~' : '```';
  return `${EXPLAIN_CODE[language]}\n\n${fence}python\n${code.replace(/\n+$/, '')}\n${fence}`;
}
