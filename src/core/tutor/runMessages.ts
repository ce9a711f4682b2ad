/**
 * A sandbox run in words, in the UI language: one headline that says what happened and what to do,
 * and one line per test. A missing import comes with the fix (the import line to add).
 */
import type { UiLanguage } from '../languages';
import type { RunResult, RunStatus, TestOutcome } from '../sandbox/types';
import type { AnswerRunProblem, TestsSource } from './answerRun';

interface Args {
  readonly passed: number;
  readonly total: number;
  /** The exception, the missing module, or the sandbox's reason. */
  readonly error: string;
  readonly seconds: number;
}

interface Templates {
  readonly status: Record<RunStatus, (a: Args) => string>;
  /** What a run's isolation meant, when it was less than full. */
  readonly isolation: Record<'limited' | 'none', (backend: string) => string>;
  readonly leftover: (count: number) => string;
  readonly got: string;
  readonly source: Record<TestsSource, string>;
  readonly problem: Record<AnswerRunProblem | 'untrusted', string>;
}

const en: Templates = {
  status: {
    passed: (a) => (a.total === 1 ? 'The test passed.' : `All ${a.total} tests passed.`),
    failed: (a) => `${a.passed} of ${a.total} ${a.total === 1 ? 'test' : 'tests'} passed.`,
    syntax_error: (a) => `The code has a syntax error: ${a.error}`,
    missing_import: (a) =>
      `The code uses the module ${a.error} without importing it. Add "import ${a.error}" at the top.`,
    error: (a) => `The code raised an error: ${a.error}`,
    timeout: (a) => `The code ran longer than ${a.seconds} s and was stopped (an endless loop?).`,
    memory: () => 'The code used more memory than allowed and was stopped.',
    output_limit: () => 'The code printed too much and was stopped.',
    sandbox_error: (a) => `The sandbox could not run the code: ${a.error}`,
  },
  isolation: {
    limited: (backend) =>
      `Ran with limited isolation (${backend}): your files were out of reach, but the network may have been open.`,
    none: (backend) =>
      `Ran WITHOUT isolation (${backend}): the code had your rights, to your files and the network.`,
  },
  leftover: (count) =>
    `${count} ${count === 1 ? 'process' : 'processes'} the code started could not be stopped.`,
  got: 'got',
  source: {
    question: 'tests from your question',
    answer: 'tests from the answer',
    program: 'the code’s own tests',
    task: 'the task’s tests',
  },
  problem: {
    noCode: 'The answer has no Python code to run.',
    noTests: 'There are no tests to run: add assert lines to your question, or ask for code with doctests.',
    untrusted: 'Code runs only in a trusted workspace. Trust this folder, then run the tests again.',
  },
};

const my: Templates = {
  status: {
    passed: (a) => `စမ်းသပ်ချက် ${a.total} ခုလုံး အောင်မြင်သည်။`,
    failed: (a) => `စမ်းသပ်ချက် ${a.total} ခုအနက် ${a.passed} ခု အောင်မြင်သည်။`,
    syntax_error: (a) => `ကုဒ်တွင် syntax အမှား ရှိသည် - ${a.error}`,
    missing_import: (a) => `ကုဒ်သည် ${a.error} module ကို import မလုပ်ဘဲ သုံးထားသည်။ ထိပ်ဆုံးတွင် "import ${a.error}" ထည့်ပါ။`,
    error: (a) => `ကုဒ် လည်ပတ်စဉ် အမှား ဖြစ်သည် - ${a.error}`,
    timeout: (a) => `ကုဒ်သည် ${a.seconds} စက္ကန့်ထက် ကြာသဖြင့် ရပ်လိုက်သည် (အဆုံးမရှိ loop ဖြစ်နိုင်သည်)။`,
    memory: () => 'ကုဒ်သည် ခွင့်ပြုထားသည်ထက် memory ပိုသုံးသဖြင့် ရပ်လိုက်သည်။',
    output_limit: () => 'ကုဒ်သည် output အလွန်များစွာ ထုတ်သဖြင့် ရပ်လိုက်သည်။',
    sandbox_error: (a) => `sandbox က ကုဒ်ကို မလည်ပတ်နိုင်ပါ - ${a.error}`,
  },
  isolation: {
    limited: (backend) =>
      `ကန့်သတ်ထားသော သီးခြားခွဲမှုဖြင့် လည်ပတ်ခဲ့သည် (${backend})။ သင့်ဖိုင်များကို မရောက်နိုင်သော်လည်း network ဖွင့်ထားနိုင်သည်။`,
    none: (backend) => `သီးခြားခွဲမှု မပါဘဲ လည်ပတ်ခဲ့သည် (${backend})။ ကုဒ်သည် သင့်ဖိုင်များနှင့် network ကို သုံးနိုင်ခဲ့သည်။`,
  },
  leftover: (count) => `ကုဒ်က စတင်ခဲ့သော process ${count} ခုကို ရပ်၍ မရခဲ့ပါ။`,
  got: 'ရလဒ်',
  source: {
    question: 'မေးခွန်းပါ စမ်းသပ်ချက်များ',
    answer: 'အဖြေပါ စမ်းသပ်ချက်များ',
    program: 'ကုဒ်၏ ကိုယ်ပိုင် စမ်းသပ်ချက်များ',
    task: 'လေ့ကျင့်ခန်း၏ စမ်းသပ်ချက်များ',
  },
  problem: {
    noCode: 'အဖြေတွင် လည်ပတ်စရာ Python ကုဒ် မပါပါ။',
    noTests: 'စမ်းသပ်စရာ မရှိပါ - မေးခွန်းတွင် assert စာကြောင်းများ ထည့်ပါ၊ သို့မဟုတ် doctest ပါသော ကုဒ်ကို တောင်းပါ။',
    untrusted: 'ကုဒ်ကို ယုံကြည်ရသော workspace တွင်သာ လည်ပတ်သည်။ ဤဖိုဒါကို ယုံကြည်ကြောင်း သတ်မှတ်ပြီး ထပ်စမ်းပါ။',
  },
};

const bn: Templates = {
  status: {
    passed: (a) => `${a.total}টি টেস্টের সবগুলো পাস করেছে।`,
    failed: (a) => `${a.total}টি টেস্টের মধ্যে ${a.passed}টি পাস করেছে।`,
    syntax_error: (a) => `কোডে সিনট্যাক্স ত্রুটি আছে: ${a.error}`,
    missing_import: (a) =>
      `কোডটি ${a.error} module import না করেই ব্যবহার করেছে। শুরুতে "import ${a.error}" যোগ করুন।`,
    error: (a) => `কোড চলার সময় ত্রুটি হয়েছে: ${a.error}`,
    timeout: (a) => `কোডটি ${a.seconds} সেকেন্ডের বেশি চলেছে, তাই থামানো হয়েছে (অসীম loop হতে পারে)।`,
    memory: () => 'কোডটি অনুমোদিত সীমার বেশি মেমরি ব্যবহার করেছে, তাই থামানো হয়েছে।',
    output_limit: () => 'কোডটি অনেক বেশি আউটপুট দিয়েছে, তাই থামানো হয়েছে।',
    sandbox_error: (a) => `স্যান্ডবক্স কোডটি চালাতে পারেনি: ${a.error}`,
  },
  isolation: {
    limited: (backend) =>
      `সীমিত বিচ্ছিন্নতায় চালানো হয়েছে (${backend}); আপনার ফাইল নাগালের বাইরে ছিল, তবে নেটওয়ার্ক খোলা থাকতে পারে।`,
    none: (backend) =>
      `বিচ্ছিন্নতা ছাড়াই চালানো হয়েছে (${backend}); কোডটি আপনার ফাইল ও নেটওয়ার্ক ব্যবহার করতে পারত।`,
  },
  leftover: (count) => `কোডের শুরু করা ${count}টি প্রসেস থামানো যায়নি।`,
  got: 'পাওয়া গেছে',
  source: {
    question: 'প্রশ্নের টেস্ট',
    answer: 'উত্তরের টেস্ট',
    program: 'কোডের নিজস্ব টেস্ট',
    task: 'অনুশীলনীর টেস্ট',
  },
  problem: {
    noCode: 'উত্তরে চালানোর মতো কোনো Python কোড নেই।',
    noTests: 'চালানোর মতো কোনো টেস্ট নেই: প্রশ্নে assert লাইন যোগ করুন, অথবা doctest-সহ কোড চান।',
    untrusted: 'কোড শুধু বিশ্বস্ত workspace-এ চলে। এই ফোল্ডারটিকে বিশ্বস্ত করে আবার টেস্ট চালান।',
  },
};

const TEMPLATES: Readonly<Record<UiLanguage, Templates>> = { en, my, bn };

export interface TestLine {
  readonly name: string;
  readonly passed: boolean;
  readonly detail?: string;
}

export interface RunSummary {
  readonly passed: boolean;
  readonly headline: string;
  /** Which tests ran, and the isolation when it was limited. */
  readonly notes: readonly string[];
  readonly tests: readonly TestLine[];
  /** For a missing import: the line that fixes it. */
  readonly importFix?: string;
}

function testDetail(test: TestOutcome, got: string): string | undefined {
  const parts = [
    test.message && test.message !== 'assertion failed' ? test.message : '',
    test.actual !== undefined ? `${got}: ${test.actual}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

export function describeRun(
  result: RunResult,
  testsFrom: TestsSource,
  language: UiLanguage,
  timeoutMs: number,
): RunSummary {
  const templates = TEMPLATES[language];
  const passed = result.tests.filter((test) => test.status === 'passed').length;
  const args = {
    passed,
    total: result.tests.length,
    error: result.error ?? '',
    seconds: Math.round(timeoutMs / 1000),
  };
  // A program whose tests all passed but which then failed (e.g. timed out) reads as that failure.
  const status: RunStatus =
    result.status === 'passed' && result.tests.length === 0 ? 'failed' : result.status;
  const notes = [templates.source[testsFrom], ...isolationNotes(result, language)];
  return {
    passed: result.passed && result.tests.length > 0,
    headline: templates.status[status](args),
    notes,
    tests: result.tests.map((test) => {
      const detail = testDetail(test, templates.got);
      return { name: test.name, passed: test.status === 'passed', ...(detail && { detail }) };
    }),
    ...(result.status === 'missing_import' && result.error && { importFix: `import ${result.error}` }),
  };
}

/**
 * What a run's isolation meant when it was less than full, and processes left behind: shown on
 * every surface that runs code (chat, Test Explorer, task notifications, the CLI).
 */
export function isolationNotes(
  result: Pick<RunResult, 'isolation' | 'backend' | 'leftoverProcesses'>,
  language: UiLanguage,
): string[] {
  const templates = TEMPLATES[language];
  const notes =
    result.isolation === 'isolated' ? [] : [templates.isolation[result.isolation](result.backend)];
  if (result.leftoverProcesses) notes.push(templates.leftover(result.leftoverProcesses));
  return notes;
}

const ISOLATION_LABELS: Readonly<Record<UiLanguage, Readonly<Record<RunResult['isolation'], string>>>> = {
  en: { isolated: 'isolated', limited: 'limited isolation', none: 'no isolation' },
  my: { isolated: 'သီးခြားထားသည်', limited: 'အကန့်အသတ်ဖြင့် သီးခြားထားသည်', none: 'သီးခြားမထားပါ' },
  bn: { isolated: 'আলাদা করা', limited: 'সীমিতভাবে আলাদা করা', none: 'আলাদা করা নয়' },
};

/** The isolation in a word or two, for a status line ("isolated", "limited isolation", "no isolation"). */
export function isolationLabel(isolation: RunResult['isolation'], language: UiLanguage = 'en'): string {
  return ISOLATION_LABELS[language][isolation];
}

/** Why nothing ran, in the UI language. */
export function runProblemMessage(problem: AnswerRunProblem | 'untrusted', language: UiLanguage): string {
  return TEMPLATES[language].problem[problem];
}
