import type { UiLanguage } from '../languages';
import type { FindingCode } from './terms';

/** What a finding's message needs: the offending text and the script names involved. */
export interface MessageArgs {
  readonly text: string;
  readonly scripts: string;
  readonly target: string;
  /** The quick fix's text, when there is one (mixed-script-token names it). */
  readonly suggestion?: string;
}

type Templates = Record<FindingCode, (a: MessageArgs) => string>;

const en: Templates = {
  'foreign-script': (a) => `${a.scripts} text in ${a.target} prose: "${a.text}"`,
  'latin-in-prose': (a) => `English word in ${a.target} prose: "${a.text}" (fine for technical terms)`,
  'mixed-script-token': (a) =>
    a.suggestion === undefined
      ? `"${a.text}" mixes ${a.scripts} letters in one word`
      : isDroppedLetters(a)
        ? `"${a.text}" has ${a.scripts} letters inside an English word: did you mean "${a.suggestion}"?`
        : isDigitSlip(a)
          ? `Digit "${a.text}" inside a word where the letter "${a.suggestion}" looks the same`
          : `"${a.text}" mixes ${a.scripts} letters that look alike: it reads as "${a.suggestion}" but will not match it`,
  'native-in-code': (a) =>
    `${a.scripts} characters in Python code outside strings and comments: "${a.text}" — Python needs ASCII here`,
  'not-nfc': (a) => `"${a.text}" is not in Unicode NFC: it may not match the same word typed another way`,
  'legacy-khanda-ta': () => 'Khanda ta written the old way (ত + ্ + ZWJ): use ৎ',
  'stray-joiner': (a) => `Invisible ${a.text} does nothing here and can break search and code`,
  zawgyi: () =>
    'This Burmese text is in Zawgyi, not Unicode: it shows wrongly with Unicode fonts and cannot be searched',
  'inconsistent-term': (a) => `"${a.text}": this course writes "${a.suggestion ?? ''}" (its glossary)`,
};

const my: Templates = {
  'foreign-script': (a) => `${a.target} စာသားထဲတွင် ${a.scripts} စာ ပါနေသည် - "${a.text}"`,
  'latin-in-prose': (a) => `${a.target} စာသားထဲတွင် အင်္ဂလိပ်စကားလုံး - "${a.text}" (နည်းပညာဝေါဟာရဖြစ်လျှင် ရပါသည်)`,
  'mixed-script-token': (a) =>
    a.suggestion === undefined
      ? `"${a.text}" တစ်လုံးတည်းတွင် ${a.scripts} စာလုံးများ ရောနေသည်`
      : isDroppedLetters(a)
        ? `"${a.text}" - အင်္ဂလိပ်စကားလုံးထဲတွင် ${a.scripts} စာလုံးများ ပါနေသည်။ "${a.suggestion}" ဟု ဆိုလိုပါသလား`
        : isDigitSlip(a)
          ? `စကားလုံးထဲတွင် ဂဏန်း "${a.text}" ပါနေသည်။ ပုံတူ အက္ခရာ "${a.suggestion}" ဖြစ်သင့်သည်`
          : `"${a.text}" တွင် ပုံတူ ${a.scripts} စာလုံးများ ရောနေသည်။ "${a.suggestion}" ဟု ဖတ်ရသော်လည်း ကိုက်ညီမည် မဟုတ်ပါ`,
  'native-in-code': (a) =>
    `Python ကုဒ်ထဲတွင် (စာကြောင်းနှင့် မှတ်ချက်အပြင်ဘက်) ${a.scripts} စာလုံး ပါနေသည် - "${a.text}"။ ဤနေရာတွင် ASCII သာ သုံးရပါမည်`,
  'not-nfc': (a) => `"${a.text}" သည် Unicode NFC ပုံစံ မဟုတ်ပါ။ အခြားနည်းဖြင့် ရိုက်ထားသော တူညီသည့် စကားလုံးနှင့် မကိုက်ညီနိုင်ပါ`,
  'legacy-khanda-ta': () => 'ৎ (ခဏ္ဍတ) ကို ရှေးနည်းဖြင့် ရေးထားသည် (ত + ্ + ZWJ)။ ৎ ကို သုံးပါ',
  'stray-joiner': (a) => `မမြင်ရသော ${a.text} သည် ဤနေရာတွင် အသုံးမဝင်ဘဲ ရှာဖွေခြင်းနှင့် ကုဒ်ကို ပျက်စေနိုင်သည်`,
  zawgyi: () => 'ဤမြန်မာစာကို ယူနီကုဒ်ဖြင့် မဟုတ်ဘဲ ဇော်ဂျီဖြင့် ရေးထားသည်။ ယူနီကုဒ်ဖောင့်တွင် မှားယွင်းစွာ ပေါ်ပြီး ရှာဖွေ၍ မရပါ',
  'inconsistent-term': (a) => `"${a.text}" - ဤသင်ခန်းစာတွင် "${a.suggestion ?? ''}" ဟု ရေးသည် (ဝေါဟာရစာရင်း)`,
};

const bn: Templates = {
  'foreign-script': (a) => `${a.target} লেখার মধ্যে ${a.scripts} লেখা: "${a.text}"`,
  'latin-in-prose': (a) => `${a.target} লেখার মধ্যে ইংরেজি শব্দ: "${a.text}" (প্রযুক্তিগত শব্দ হলে ঠিক আছে)`,
  'mixed-script-token': (a) =>
    a.suggestion === undefined
      ? `"${a.text}" একটি শব্দেই ${a.scripts} অক্ষর মেশানো`
      : isDroppedLetters(a)
        ? `"${a.text}": ইংরেজি শব্দের ভেতরে ${a.scripts} অক্ষর — আপনি কি "${a.suggestion}" বোঝাতে চেয়েছেন?`
        : isDigitSlip(a)
          ? `শব্দের ভেতরে অঙ্ক "${a.text}": দেখতে একই রকম অক্ষর "${a.suggestion}" হওয়ার কথা`
          : `"${a.text}"-এ দেখতে একই রকম ${a.scripts} অক্ষর মেশানো: "${a.suggestion}" পড়া গেলেও মিলবে না`,
  'native-in-code': (a) =>
    `Python কোডে (স্ট্রিং ও মন্তব্যের বাইরে) ${a.scripts} অক্ষর: "${a.text}" — এখানে শুধু ASCII চলে`,
  'not-nfc': (a) => `"${a.text}" ইউনিকোড NFC রূপে নেই: অন্যভাবে টাইপ করা একই শব্দের সঙ্গে না-ও মিলতে পারে`,
  'legacy-khanda-ta': () => 'খণ্ড ত পুরনো পদ্ধতিতে লেখা (ত + ্ + ZWJ): ৎ ব্যবহার করুন',
  'stray-joiner': (a) => `অদৃশ্য ${a.text} এখানে কোনো কাজ করে না, খোঁজা ও কোডে সমস্যা করতে পারে`,
  zawgyi: () => 'এই বর্মি লেখাটি ইউনিকোডে নয়, জাওজিতে লেখা: ইউনিকোড ফন্টে ভুল দেখায় এবং খোঁজা যায় না',
  'inconsistent-term': (a) => `"${a.text}": এই কোর্সে লেখা হয় "${a.suggestion ?? ''}" (শব্দতালিকা)`,
};

/** A Myanmar digit standing for the letter it resembles (see scanner.ts). */
/** Burmese or Bangla letters inside an English word, the suggestion the word they garble (see scanner.ts). */
function isDroppedLetters(a: MessageArgs): boolean {
  return /^[A-Za-z]+$/.test(a.suggestion ?? '') && /[\u0980-\u09ff\u1000-\u109f]/.test(a.text);
}

function isDigitSlip(a: MessageArgs): boolean {
  return /^[\u1040-\u1049]$/.test(a.text);
}

const TEMPLATES: Record<UiLanguage, Templates> = { en, my, bn };

type FixTitles = Partial<Record<FindingCode, (text: string, replacement: string) => string>> & {
  removePunctuation: (text: string) => string;
};

/** Titles of quick fixes, by finding code; native-in-code has two (digits, punctuation). */
const FIX_TITLES: Record<UiLanguage, FixTitles> = {
  en: {
    'native-in-code': () => 'Use ASCII digits',
    removePunctuation: (t) => `Remove "${t}"`,
    'not-nfc': () => 'Normalize to NFC',
    'legacy-khanda-ta': () => 'Replace with ৎ',
    'stray-joiner': (_t, r) =>
      r ? 'Replace the invisible character with a space' : 'Remove the invisible character',
    'latin-in-prose': (t) => `Mark "${t}" as code`,
    'mixed-script-token': (_t, r) => `Replace with "${r}"`,
    zawgyi: () => 'Convert Zawgyi to Unicode',
    'inconsistent-term': (_t, r) => `Use the course's term "${r}"`,
  },
  my: {
    'native-in-code': () => 'ASCII ဂဏန်းများ သုံးပါ',
    removePunctuation: (t) => `"${t}" ကို ဖယ်ရှားပါ`,
    'not-nfc': () => 'NFC သို့ ပြောင်းပါ',
    'legacy-khanda-ta': () => 'ৎ ဖြင့် အစားထိုးပါ',
    'stray-joiner': (_t, r) => (r ? 'မမြင်ရသော စာလုံးကို နေရာလွတ်ဖြင့် အစားထိုးပါ' : 'မမြင်ရသော စာလုံးကို ဖယ်ရှားပါ'),
    'latin-in-prose': (t) => `"${t}" ကို ကုဒ်အဖြစ် သတ်မှတ်ပါ`,
    'mixed-script-token': (_t, r) => `"${r}" ဖြင့် အစားထိုးပါ`,
    zawgyi: () => 'ဇော်ဂျီမှ ယူနီကုဒ်သို့ ပြောင်းပါ',
    'inconsistent-term': (_t, r) => `သင်ခန်းစာ၏ ဝေါဟာရ "${r}" ကို သုံးပါ`,
  },
  bn: {
    'native-in-code': () => 'ASCII অঙ্ক ব্যবহার করুন',
    removePunctuation: (t) => `"${t}" মুছে ফেলুন`,
    'not-nfc': () => 'NFC-তে রূপান্তর করুন',
    'legacy-khanda-ta': () => 'ৎ দিয়ে বদলান',
    'stray-joiner': (_t, r) => (r ? 'অদৃশ্য অক্ষরটির জায়গায় একটি ফাঁকা জায়গা দিন' : 'অদৃশ্য অক্ষরটি মুছে ফেলুন'),
    'latin-in-prose': (t) => `"${t}"-কে কোড হিসেবে চিহ্নিত করুন`,
    'mixed-script-token': (_t, r) => `"${r}" দিয়ে বদলান`,
    zawgyi: () => 'জাওজি থেকে ইউনিকোডে রূপান্তর করুন',
    'inconsistent-term': (_t, r) => `কোর্সের শব্দ "${r}" ব্যবহার করুন`,
  },
};

export function fixTitle(language: UiLanguage, code: FindingCode, text: string, replacement: string): string {
  const titles = FIX_TITLES[language];
  if (code === 'native-in-code' && replacement === '') return titles.removePunctuation(text);
  return (titles[code] ?? (() => code))(text, replacement);
}

/** Script names as the reader of each UI language knows them. */
const SCRIPT_LABELS: Record<UiLanguage, Record<string, string>> = {
  en: { Myanmar: 'Burmese', Bengali: 'Bangla' },
  my: { Myanmar: 'မြန်မာ', Bengali: 'ဘင်္ဂါလီ', Thai: 'ထိုင်း', Devanagari: 'ဒေဝနာဂရီ', Han: 'တရုတ်', Latin: 'လက်တင်' },
  bn: { Myanmar: 'বর্মি', Bengali: 'বাংলা', Thai: 'থাই', Devanagari: 'দেবনাগরী', Han: 'চীনা', Latin: 'লাতিন' },
};

export function scriptLabel(language: UiLanguage, script: string): string {
  return SCRIPT_LABELS[language][script] ?? script.replace(/_/g, ' ');
}

export function findingMessage(language: UiLanguage, code: FindingCode, args: MessageArgs): string {
  return TEMPLATES[language][code](args);
}

const TOO_LARGE: Record<UiLanguage, (size: string, limit: string) => string> = {
  en: (size, limit) => `Akkhara does not check files this large (${size} MB; the limit is ${limit} MB)`,
  my: (size, limit) => `ဤမျှ ကြီးသော ဖိုင်ကို Akkhara မစစ်ဆေးပါ (${size} MB၊ ကန့်သတ်ချက် ${limit} MB)`,
  bn: (size, limit) => `এত বড় ফাইল Akkhara পরীক্ষা করে না (${size} MB; সীমা ${limit} MB)`,
};

/** Said once, at the top of a file over the size limit, instead of its findings. */
export function tooLargeMessage(language: UiLanguage, units: number, limitUnits: number): string {
  // UTF-16 units take two bytes in memory: report that size, in MB.
  const mb = (n: number) => ((n * 2) / 1024 / 1024).toFixed(1);
  return TOO_LARGE[language](mb(units), mb(limitUnits));
}
