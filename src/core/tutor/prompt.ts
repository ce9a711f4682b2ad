/**
 * Turning a student's question into the messages a model sees: the answer language from the
 * question's script (or the user's choice), Zawgyi input converted to Unicode, Bangla in NFC, and
 * a system prompt in the answer language itself, since a prompt in English pulls small models
 * towards English answers.
 */
import { detectTarget } from '../analysis/findings';
import { isZawgyi, zawgyiToUnicode } from '../analysis/zawgyi';
import type { Task } from '../eval/formats';
import type { AnswerLanguage, AnswerLanguageSetting } from '../languages';
import type { ChatMessage } from '../model/types';

export const SYSTEM_PROMPTS: Readonly<Record<AnswerLanguage, string>> = {
  my: [
    'သင်သည် ပရိုဂရမ်ရေးနည်းကို သင်ကြားပေးသော ဆရာတစ်ဦး ဖြစ်သည်။',
    'မေးခွန်းကို မြန်မာဘာသာဖြင့် ရှင်းလင်းတိကျစွာ ဖြေပါ။ ရှင်းပြချက်ကို မြန်မာစာဖြင့်သာ ရေးပါ။',
    'နည်းပညာဝေါဟာရများ (ဥပမာ list၊ function) ကို အင်္ဂလိပ်လို ထားနိုင်သော်လည်း ထိုင်း၊ ဟိန္ဒီ၊ တရုတ် စသည့် အခြားစာများကို မရောပါနှင့်။',
    'Python ကုဒ်ကို ```python ကုဒ်ဘလောက် တစ်ခုတည်းတွင် ထည့်ပါ။ ကုဒ်ထဲတွင် အင်္ဂလိပ်ဂဏန်း (0–9) နှင့် အင်္ဂလိပ်အမည်များကိုသာ သုံးပါ။',
  ].join('\n'),
  bn: [
    'আপনি একজন প্রোগ্রামিং শিক্ষক।',
    'প্রশ্নের উত্তর বাংলায় স্পষ্ট ও সঠিকভাবে দিন। ব্যাখ্যা শুধু বাংলায় লিখুন।',
    'প্রযুক্তিগত শব্দ (যেমন list, function) ইংরেজিতে রাখা যায়, কিন্তু হিন্দি, থাই, চীনা বা অন্য কোনো লিপির লেখা মেশাবেন না।',
    'Python কোড একটিমাত্র ```python কোড ব্লকে দিন। কোডে শুধু ইংরেজি অঙ্ক (0–9) আর ইংরেজি নাম ব্যবহার করুন।',
  ].join('\n'),
};

/** What was done to the question before sending it, for a notice. */
export type QuestionNotice = 'zawgyi-converted' | 'normalized';

export interface PreparedQuestion {
  readonly language: AnswerLanguage;
  readonly text: string;
  readonly notices: readonly QuestionNotice[];
}

export class QuestionLanguageError extends Error {
  constructor() {
    super(
      'the question has no Burmese or Bangla text: write it in Burmese or Bangla, or choose the language',
    );
    this.name = 'QuestionLanguageError';
  }
}

/**
 * Student text as it is sent: Zawgyi lines converted to Unicode (decided per line, as the linter
 * does: a paste may mix a Unicode line with a Zawgyi one) and NFC, with a notice for each change.
 */
export function toUnicode(input: string): { text: string; notices: QuestionNotice[] } {
  const notices: QuestionNotice[] = [];
  let text = input;
  const lines = text.split('\n');
  if (lines.some((line) => isZawgyi(line))) {
    text = lines.map((line) => (isZawgyi(line) ? zawgyiToUnicode(line) : line)).join('\n');
    notices.push('zawgyi-converted');
  }
  const normalized = text.normalize('NFC');
  if (normalized !== text) notices.push('normalized');
  return { text: normalized, notices };
}

export function prepareQuestion(question: string, setting: AnswerLanguageSetting): PreparedQuestion {
  const { text, notices } = toUnicode(question.trim());
  const language = setting === 'auto' ? detectTarget(text) : setting;
  if (!language) throw new QuestionLanguageError();
  return { language, text, notices };
}

export function questionMessages(question: PreparedQuestion): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPTS[question.language] },
    { role: 'user', content: question.text },
  ];
}

/** What a benchmark task asks, in the task's language, for `akkhara generate`. */
const COMPLETE_FUNCTION: Readonly<Record<AnswerLanguage, string>> = {
  my: 'အောက်ပါ Python function ကို ပြီးအောင် ရေးပါ။',
  bn: 'নিচের Python function-টি সম্পূর্ণ করুন।',
};

/** The words before a task's tests when the model may see them (BLP-2025's "tests given" track). */
const TESTS_GIVEN: Readonly<Record<AnswerLanguage, string>> = {
  my: 'ကုဒ်သည် အောက်ပါ စမ်းသပ်ချက်များကို အောင်မြင်ရမည်။',
  bn: 'কোডটিকে নিচের টেস্টগুলো পাস করতে হবে।',
};

/** The tests a task runs, as Python a model can read: HumanEval's check(), BLP's test_list literal. */
export function taskTests(task: Task): string {
  return task.kind === 'humaneval' ? task.test.trim() : `test_list = ${task.testList.trim()}`;
}

function taskAsked(task: Task, setting: AnswerLanguageSetting): PreparedQuestion {
  if (task.kind === 'blp') return prepareQuestion(task.instruction, setting);
  const prompt = prepareQuestion(task.prompt, setting);
  return { ...prompt, text: `${COMPLETE_FUNCTION[prompt.language]}\n\n\`\`\`python\n${prompt.text}\n\`\`\`` };
}

/** The language a task is written in (its prompt's script), or undefined when it has neither. */
export function taskLanguage(task: Task): AnswerLanguage | undefined {
  return detectTarget(task.kind === 'blp' ? task.instruction : task.prompt) ?? undefined;
}

/**
 * A benchmark task as a question: HumanEval's prompt (a signature with a native docstring) in a
 * Python block after an instruction to complete it; a BLP-2025 instruction as it is. With
 * `showTests`, the task's tests follow (the model then knows the function's name).
 */
export function taskQuestion(
  task: Task,
  setting: AnswerLanguageSetting,
  { showTests = false } = {},
): PreparedQuestion {
  const asked = taskAsked(task, setting);
  if (!showTests) return asked;
  return {
    ...asked,
    text: `${asked.text}\n\n${TESTS_GIVEN[asked.language]}\n\n\`\`\`python\n${taskTests(task)}\n\`\`\``,
  };
}
