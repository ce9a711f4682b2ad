/**
 * What `akkhara describe` asks a model, in the answer language itself (as the tutor's prompts are:
 * a prompt in English pulls small models towards English): line comments that leave the code as it
 * is, and the three descriptions of the multi-granular paper — a one-sentence summary, a detailed
 * one, and one summary per section joined into a whole.
 */
import type { AnswerLanguage } from '../languages';
import type { ChatMessage } from '../model/types';
import { SYSTEM_PROMPTS } from '../tutor/prompt';

interface Instructions {
  readonly comments: string;
  readonly short: string;
  readonly detailed: string;
  readonly section: (from: number, to: number) => string;
  /** How a joined section summary names its lines (an ASCII hyphen: VS Code marks an en dash as confusable). */
  readonly sectionLabel: (from: number, to: number) => string;
}

const INSTRUCTIONS: Readonly<Record<AnswerLanguage, Instructions>> = {
  my: {
    comments:
      'အောက်ပါ Python ကုဒ်၏ စာကြောင်းတိုင်း၏ အပေါ်တွင် မြန်မာဘာသာဖြင့် မှတ်ချက် (# ဖြင့် စသော comment) ထည့်ပေးပါ။ ကုဒ်ကို စာလုံးတစ်လုံးမျှ မပြောင်းပါနှင့်၊ မှတ်ချက်များသာ ထည့်ပါ။ ကုဒ်အပြည့်အစုံကို ```python ကုဒ်ဘလောက် တစ်ခုတည်းဖြင့် ပြန်ပေးပါ။',
    short: 'အောက်ပါ Python ကုဒ် ဘာလုပ်သည်ကို မြန်မာဘာသာဖြင့် စာကြောင်းတစ်ကြောင်းတည်း အကျဉ်းချုပ် ရေးပါ။ ကုဒ် မထည့်ပါနှင့်။',
    detailed:
      'အောက်ပါ Python ကုဒ်ကို မြန်မာဘာသာဖြင့် အသေးစိတ် ရှင်းပြပါ - ဘာကို လက်ခံသည်၊ ဘာကို ပြန်ပေးသည်၊ မည်သို့ အလုပ်လုပ်သည်။ ကုဒ် မထည့်ပါနှင့်။',
    section: (from, to) =>
      `အောက်ပါ Python ကုဒ်၏ စာကြောင်း ${from} မှ ${to} အထိ အပိုင်း ဘာလုပ်သည်ကို မြန်မာဘာသာဖြင့် စာကြောင်း တစ်ကြောင်း နှစ်ကြောင်းဖြင့် ရေးပါ။ ကုဒ် မထည့်ပါနှင့်။`,
    sectionLabel: (from, to) => `စာကြောင်း ${from}-${to}`,
  },
  bn: {
    comments:
      'নিচের Python কোডের প্রতিটি লাইনের উপরে বাংলায় মন্তব্য (# দিয়ে শুরু comment) যোগ করুন। কোডের একটি অক্ষরও বদলাবেন না, শুধু মন্তব্য যোগ করুন। পুরো কোডটি একটিমাত্র ```python কোড ব্লকে ফেরত দিন।',
    short: 'নিচের Python কোডটি কী করে তা বাংলায় এক বাক্যে সংক্ষেপে লিখুন। কোড দেবেন না।',
    detailed:
      'নিচের Python কোডটি বাংলায় বিস্তারিত ব্যাখ্যা করুন: কী নেয়, কী ফেরত দেয়, কীভাবে কাজ করে। কোড দেবেন না।',
    section: (from, to) =>
      `নিচের Python কোডের ${from} থেকে ${to} লাইনের অংশটি কী করে তা বাংলায় এক-দুই বাক্যে লিখুন। কোড দেবেন না।`,
    sectionLabel: (from, to) => `লাইন ${from}-${to}`,
  },
};

export type DescriptionKind = 'short' | 'detailed';

/** The code as the model sees it: numbered lines would be copied into the answer, so it goes as is. */
function withCode(language: AnswerLanguage, instruction: string, code: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPTS[language] },
    { role: 'user', content: `${instruction}\n\n\`\`\`python\n${code.replace(/\n+$/, '')}\n\`\`\`` },
  ];
}

export function commentsMessages(language: AnswerLanguage, code: string): ChatMessage[] {
  return withCode(language, INSTRUCTIONS[language].comments, code);
}

export function descriptionMessages(
  language: AnswerLanguage,
  kind: DescriptionKind,
  code: string,
): ChatMessage[] {
  return withCode(language, INSTRUCTIONS[language][kind], code);
}

/** One section, lines counted from 1 at the unit's first line (as the model sees the code). */
export function sectionMessages(
  language: AnswerLanguage,
  code: string,
  from: number,
  to: number,
): ChatMessage[] {
  return withCode(language, INSTRUCTIONS[language].section(from, to), code);
}

/** The section summaries as one description: each under the lines it covers. */
export function joinSections(
  language: AnswerLanguage,
  summaries: ReadonlyArray<{ readonly from: number; readonly to: number; readonly text: string }>,
): string {
  return summaries
    .map(({ from, to, text }) => `${INSTRUCTIONS[language].sectionLabel(from, to)}: ${text}`)
    .join('\n');
}
