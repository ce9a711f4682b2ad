/**
 * The words of `akkhara lint`'s text report around the findings' own messages: severities, the
 * per-file statistics and the closing summary, in the UI language the messages use. Numbers stay in
 * ASCII digits (they are read next to line:column positions and copied into scripts).
 */
import type { AnalysisStats } from '../core/analysis/findings';
import { scriptLabel } from '../core/analysis/messages';
import type { ConfusionCheck, ConfusionRates } from '../core/analysis/languageConfusion';
import type { UiLanguage } from '../core/languages';
import { isolationLabel } from '../core/tutor/runMessages';
import type { RunResult } from '../core/sandbox/types';

export interface LintTotals {
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly hints: number;
}

export type FileStats = AnalysisStats & {
  readonly target: string | null;
  /** With a course glossary: its findings in the file. */
  readonly inconsistentTerms?: number;
  /** Prose in Burmese or Bangla: the field's language-confusion counts (languageConfusion.ts). */
  readonly confusion?: ConfusionCheck;
};

/** Why a file was not checked. */
export type SkipReason =
  'not-a-file' | 'too-large' | 'binary' | 'not-utf8' | 'link-to-folder' | 'unreadable-folder' | 'unreadable';

interface ReportWords {
  /** By LSP severity number: 1 error, 2 warning, 3 information. */
  readonly severity: readonly [string, string, string];
  readonly stats: (s: FileStats, percent: (share: number) => string) => string;
  /** Lines in the language, and foreign words (the field's language-confusion counts). */
  readonly confusion: (c: ConfusionCheck) => string;
  /** The files as answers: line- and word-level pass rates. */
  readonly confusionRates: (r: ConfusionRates, percent: (share: number) => string) => string;
  readonly summary: (problems: number, t: LintTotals) => string;
  /** `akkhara tasks check`'s closing line. */
  readonly tasksSummary: (tasks: number, problems: number, errors: number, sandbox: string) => string;
  readonly noSuchFile: string;
  readonly skipped: (reason: SkipReason, limitMb: number) => string;
  /** Findings beyond --max-findings: counted in the summary, not listed. */
  readonly unlisted: (count: number) => string;
  /** Files and folders skipped (each with its reason on stderr), after the summary. */
  readonly skippedCount: (count: number) => string;
  /** Nothing the paths name could be checked: never "0 problems". */
  readonly noFiles: (paths: string, extensions: string, extOption: boolean) => string;
  /** More warnings than --max-warnings allows. */
  readonly tooManyWarnings: (warnings: number, max: number) => string;
  /** --fix: what was fixed. */
  readonly fixed: (count: number, files: number) => string;
  /** --fix left a file as it was, and why (`where`: the folder, or the link's target). */
  readonly notFixed: (why: FixRefusal, where: string) => string;
}

/**
 * Why --fix left a file alone: the file or its folder (where the new file is written first) may not
 * be written, the file is a link to a file outside the folders the command line names, or the file
 * changed on disk while it was being fixed.
 */
export type FixRefusal = 'file-not-writable' | 'folder-not-writable' | 'link-outside' | 'changed';

/** The checked language by name, as the UI language calls it (my → မြန်မာ, বর্মি). */
const languageName = (ui: UiLanguage, target: string | null) =>
  target === null ? undefined : scriptLabel(ui, target === 'my' ? 'Myanmar' : 'Bengali');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const WORDS: Readonly<Record<UiLanguage, ReportWords>> = {
  en: {
    severity: ['error', 'warning', 'info'],
    stats: (s, percent) =>
      `stats: language ${s.target ?? 'none'}, ${s.proseTokens} prose tokens, foreign ${percent(s.foreignShare)}, ` +
      `English ${percent(s.latinShare)}, mixed words ${s.mixedTokens}, code corruptions ${s.codeCorruptions}, ` +
      `Zawgyi lines ${s.zawgyiLines}` +
      (s.inconsistentTerms === undefined ? '' : `, glossary terms to change ${s.inconsistentTerms}`) +
      `; mix score ${s.mixScore.toFixed(2)} (penalty ${s.mixPenalty}/4)`,
    summary: (problems, t) =>
      `${plural(problems, 'problem')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${t.info} info)` +
      (t.hints ? `, ${plural(t.hints, 'hint')} (English words in prose; listed with --format json)` : ''),
    confusion: (c) =>
      `; lines in the language ${c.linesInTarget}/${c.judgedLines}, foreign words ${c.foreignWords} (language confusion)`,
    confusionRates: (r, percent) =>
      `language confusion over ${r.responses} prose ${r.responses === 1 ? 'file' : 'files'}: line-level pass ${percent(r.lpr)}, word-level pass ${percent(r.wpr)} (LCB's LPR and WPR)`,
    noSuchFile: 'no such file',
    unlisted: (count) => `… and ${plural(count, 'more finding')} not listed (--max-findings)`,
    skipped: (reason, limitMb) =>
      `skipped (${{ 'not-a-file': 'not a regular file', 'too-large': `larger than ${limitMb} MB`, binary: 'binary file', 'not-utf8': 'not UTF-8 text', 'link-to-folder': 'a link to a folder (not followed)', 'unreadable-folder': 'the folder cannot be read', unreadable: 'the file cannot be read' }[reason]})`,
    skippedCount: (count) => `${plural(count, 'file')} skipped (reasons above)`,
    noFiles: (paths, extensions, extOption) =>
      `no files to check in ${paths} (looked for ${extensions}; ignore files respected). Name files, folders or globs${extOption ? ', or change --ext' : ''}.`,
    tooManyWarnings: (warnings, max) => `${plural(warnings, 'warning')}: more than --max-warnings ${max}`,
    fixed: (count, files) => `${plural(count, 'problem')} fixed in ${plural(files, 'file')}`,
    tasksSummary: (tasks, problems, errors, sandbox) =>
      `${plural(tasks, 'task')} checked, ${plural(problems, 'problem')} (${plural(errors, 'error')}) · ${sandbox}`,
    notFixed: (why, where) =>
      ({
        'file-not-writable': 'not fixed: the file cannot be written',
        'folder-not-writable': `not fixed: the folder ${where} is not writable (the fixed file is written beside the original first)`,
        'link-outside': `not fixed: it is a link to ${where}, outside the folders being checked`,
        changed: 'not fixed: the file changed while it was being fixed; run again',
      })[why],
  },
  my: {
    severity: ['အမှား', 'သတိပေးချက်', 'အသိပေးချက်'],
    stats: (s, percent) =>
      `စာရင်းအင်း - ဘာသာစကား ${languageName('my', s.target) ?? 'မရှိ'}၊ စာသား စကားလုံး ${s.proseTokens} လုံး၊ အခြားအက္ခရာ ${percent(s.foreignShare)}၊ ` +
      `အင်္ဂလိပ် ${percent(s.latinShare)}၊ ရောနေသော စကားလုံး ${s.mixedTokens} လုံး၊ ကုဒ်ထဲ မှားသောစာ ${s.codeCorruptions} ခု၊ ` +
      `ဇော်ဂျီ စာကြောင်း ${s.zawgyiLines} ကြောင်း` +
      (s.inconsistentTerms === undefined ? '' : `၊ ပြင်ရန် ဝေါဟာရ ${s.inconsistentTerms} ခု`) +
      `၊ စာရောနှောမှု ${s.mixScore.toFixed(2)} (အမှတ် ${s.mixPenalty}/4)`,
    summary: (problems, t) =>
      `ပြဿနာ ${problems} ခု (အမှား ${t.errors} ခု၊ သတိပေးချက် ${t.warnings} ခု၊ အသိပေးချက် ${t.info} ခု)` +
      (t.hints ? `၊ အကြံပြုချက် ${t.hints} ခု (စာသားထဲရှိ အင်္ဂလိပ်စကားလုံးများ၊ --format json ဖြင့် စာရင်းကြည့်ပါ)` : ''),
    confusion: (c) =>
      `၊ ဘာသာစကားမှန် စာကြောင်း ${c.linesInTarget}/${c.judgedLines}၊ အခြားဘာသာ စကားလုံး ${c.foreignWords} လုံး`,
    confusionRates: (r, percent) =>
      `စာသားဖိုင် ${r.responses} ခု၏ ဘာသာစကား ရောထွေးမှု - စာကြောင်းအဆင့် အောင်နှုန်း ${percent(r.lpr)}၊ စကားလုံးအဆင့် အောင်နှုန်း ${percent(r.wpr)} (LCB ၏ LPR နှင့် WPR)`,
    noSuchFile: 'ဤဖိုင် မရှိပါ',
    unlisted: (count) => `… နောက်ထပ် ${count} ခုကို စာရင်းမပြပါ (--max-findings)`,
    skipped: (reason, limitMb) =>
      `မစစ်ဆေးဘဲ ကျော်လိုက်သည် (${{ 'not-a-file': 'ပုံမှန်ဖိုင် မဟုတ်ပါ', 'too-large': `${limitMb} MB ထက် ကြီးသည်`, binary: 'binary ဖိုင်ဖြစ်သည်', 'not-utf8': 'UTF-8 စာသား မဟုတ်ပါ', 'link-to-folder': 'ဖိုင်တွဲသို့ link ဖြစ်သည် (မလိုက်ပါ)', 'unreadable-folder': 'ဖိုင်တွဲကို ဖတ်၍ မရပါ', unreadable: 'ဖိုင်ကို ဖတ်၍ မရပါ' }[reason]})`,
    skippedCount: (count) => `ဖိုင် ${count} ခုကို ကျော်လိုက်သည် (အကြောင်းရင်းများ အပေါ်တွင်)`,
    noFiles: (paths, extensions, extOption) =>
      `${paths} တွင် စစ်ဆေးရန် ဖိုင် မရှိပါ (${extensions} ကို ရှာခဲ့သည်၊ ignore ဖိုင်များကို လိုက်နာသည်)။ ဖိုင်၊ ဖိုင်တွဲ သို့မဟုတ် glob ကို ပေးပါ${extOption ? '၊ သို့မဟုတ် --ext ကို ပြောင်းပါ' : ''}။`,
    tooManyWarnings: (warnings, max) => `သတိပေးချက် ${warnings} ခု - --max-warnings ${max} ထက် များသည်`,
    fixed: (count, files) => `ဖိုင် ${files} ခုတွင် ပြဿနာ ${count} ခုကို ပြင်ပြီး`,
    tasksSummary: (tasks, problems, errors, sandbox) =>
      `လေ့ကျင့်ခန်း ${tasks} ခု စစ်ပြီး၊ ပြဿနာ ${problems} ခု (အမှား ${errors} ခု) · ${sandbox}`,
    notFixed: (why, where) =>
      ({
        'file-not-writable': 'မပြင်ရသေးပါ - ဖိုင်ကို ရေး၍ မရပါ',
        'folder-not-writable': `မပြင်ရသေးပါ - ဖိုဒါ ${where} ကို ရေး၍ မရပါ (ပြင်ထားသော ဖိုင်ကို ဘေးတွင် အရင် ရေးသည်)`,
        'link-outside': `မပြင်ရသေးပါ - စစ်ဆေးနေသော ဖိုဒါများ၏ အပြင်ရှိ ${where} သို့ ညွှန်းသော လင့်ခ် ဖြစ်သည်`,
        changed: 'မပြင်ရသေးပါ - ပြင်နေစဉ် ဖိုင် ပြောင်းသွားသည်၊ ထပ် run ပါ',
      })[why],
  },
  bn: {
    severity: ['ত্রুটি', 'সতর্কতা', 'তথ্য'],
    stats: (s, percent) =>
      `পরিসংখ্যান: ভাষা ${languageName('bn', s.target) ?? 'নেই'}, লেখার শব্দ ${s.proseTokens}টি, অন্য লিপি ${percent(s.foreignShare)}, ` +
      `ইংরেজি ${percent(s.latinShare)}, মিশ্র শব্দ ${s.mixedTokens}টি, কোডে ভুল অক্ষর ${s.codeCorruptions}টি, ` +
      `জাওজি লাইন ${s.zawgyiLines}টি` +
      (s.inconsistentTerms === undefined ? '' : `, বদলাতে হবে এমন শব্দ ${s.inconsistentTerms}টি`) +
      `; মিশ্রণ স্কোর ${s.mixScore.toFixed(2)} (পেনাল্টি ${s.mixPenalty}/4)`,
    summary: (problems, t) =>
      `${problems}টি সমস্যা (${t.errors}টি ত্রুটি, ${t.warnings}টি সতর্কতা, ${t.info}টি তথ্য)` +
      (t.hints ? `, ${t.hints}টি ইঙ্গিত (লেখার মধ্যে ইংরেজি শব্দ; --format json দিলে তালিকা পাবেন)` : ''),
    confusion: (c) =>
      `; সঠিক ভাষায় লাইন ${c.linesInTarget}/${c.judgedLines}, অন্য ভাষার শব্দ ${c.foreignWords}টি`,
    confusionRates: (r, percent) =>
      `${r.responses}টি লেখার ফাইলে ভাষার মিশ্রণ: লাইন-স্তরে পাসের হার ${percent(r.lpr)}, শব্দ-স্তরে পাসের হার ${percent(r.wpr)} (LCB-র LPR ও WPR)`,
    noSuchFile: 'এমন কোনো ফাইল নেই',
    unlisted: (count) => `… আরও ${count}টি তালিকায় দেখানো হয়নি (--max-findings)`,
    skipped: (reason, limitMb) =>
      `পরীক্ষা না করে বাদ দেওয়া হলো (${{ 'not-a-file': 'সাধারণ ফাইল নয়', 'too-large': `${limitMb} MB-এর চেয়ে বড়`, binary: 'বাইনারি ফাইল', 'not-utf8': 'UTF-8 লেখা নয়', 'link-to-folder': 'ফোল্ডারের লিংক (অনুসরণ করা হয়নি)', 'unreadable-folder': 'ফোল্ডারটি পড়া যায় না', unreadable: 'ফাইলটি পড়া যায় না' }[reason]})`,
    skippedCount: (count) => `${count}টি ফাইল বাদ দেওয়া হলো (কারণ উপরে)`,
    noFiles: (paths, extensions, extOption) =>
      `${paths}-এ পরীক্ষা করার মতো কোনো ফাইল নেই (${extensions} খোঁজা হয়েছে; ignore ফাইল মানা হয়েছে)। ফাইল, ফোল্ডার বা glob দিন${extOption ? ', অথবা --ext বদলান' : ''}।`,
    tooManyWarnings: (warnings, max) => `${warnings}টি সতর্কতা: --max-warnings ${max}-এর চেয়ে বেশি`,
    fixed: (count, files) => `${files}টি ফাইলে ${count}টি সমস্যা ঠিক করা হয়েছে`,
    tasksSummary: (tasks, problems, errors, sandbox) =>
      `${tasks}টি টাস্ক পরীক্ষা করা হয়েছে, ${problems}টি সমস্যা (${errors}টি ত্রুটি) · ${sandbox}`,
    notFixed: (why, where) =>
      ({
        'file-not-writable': 'ঠিক করা হয়নি: ফাইলটিতে লেখা যায় না',
        'folder-not-writable': `ঠিক করা হয়নি: ${where} ফোল্ডারে লেখা যায় না (ঠিক করা ফাইলটি আগে মূল ফাইলের পাশে লেখা হয়)`,
        'link-outside': `ঠিক করা হয়নি: এটি পরীক্ষাধীন ফোল্ডারগুলোর বাইরের ${where}-এর একটি লিংক`,
        changed: 'ঠিক করা হয়নি: ঠিক করার সময় ফাইলটি বদলে গেছে; আবার চালান',
      })[why],
  },
};

export function severityWord(language: UiLanguage, severity: 1 | 2 | 3): string {
  return WORDS[language].severity[severity - 1];
}

const percentOf = (share: number) => `${(share * 100).toFixed(1)}%`;

export function statsLine(language: UiLanguage, stats: FileStats): string {
  const words = WORDS[language];
  return words.stats(stats, percentOf) + (stats.confusion ? words.confusion(stats.confusion) : '');
}

export function confusionLine(language: UiLanguage, rates: ConfusionRates): string {
  return WORDS[language].confusionRates(rates, percentOf);
}

/** The closing line: ✖ and the counts when anything but hints was found, else ✔. */
export function summaryLine(language: UiLanguage, totals: LintTotals): string {
  const problems = totals.errors + totals.warnings + totals.info;
  return `${problems ? '✖' : '✔'} ${WORDS[language].summary(problems, totals)}`;
}

/** `akkhara tasks check`'s closing line: ✖ when anything was found, the sandbox and its isolation. */
export function tasksSummaryLine(
  language: UiLanguage,
  counts: { tasks: number; problems: number; errors: number },
  sandbox: { backend: string; isolation: RunResult['isolation'] },
): string {
  const words = WORDS[language];
  const where = `${sandbox.backend} (${isolationLabel(sandbox.isolation, language)})`;
  return `${counts.problems ? '✖' : '✔'} ${words.tasksSummary(counts.tasks, counts.problems, counts.errors, where)}`;
}

export function noSuchFile(language: UiLanguage): string {
  return WORDS[language].noSuchFile;
}

export function skippedBecause(language: UiLanguage, reason: SkipReason, limitMb: number): string {
  return WORDS[language].skipped(reason, limitMb);
}

export function unlistedLine(language: UiLanguage, count: number): string {
  return WORDS[language].unlisted(count);
}

export function skippedCountLine(language: UiLanguage, count: number): string {
  return WORDS[language].skippedCount(count);
}

/** Nothing to check: what was looked for where (`extOption`: the command has --ext to change it). */
export function noFilesLine(
  language: UiLanguage,
  paths: readonly string[],
  extensions: readonly string[],
  extOption = true,
): string {
  return WORDS[language].noFiles(paths.join(' '), extensions.join(' '), extOption);
}

export function tooManyWarningsLine(language: UiLanguage, warnings: number, max: number): string {
  return WORDS[language].tooManyWarnings(warnings, max);
}

export function fixedLine(language: UiLanguage, count: number, files: number): string {
  return WORDS[language].fixed(count, files);
}

export function notFixed(language: UiLanguage, why: FixRefusal, where = ''): string {
  return WORDS[language].notFixed(why, where);
}
