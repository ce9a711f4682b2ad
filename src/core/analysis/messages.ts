import type { UiLanguage } from '../languages';
import type { FindingCode } from './findings';

/** What a finding's message needs: the offending text and the script names involved. */
export interface MessageArgs {
  readonly text: string;
  readonly scripts: string;
  readonly target: string;
}

type Templates = Record<FindingCode, (a: MessageArgs) => string>;

const en: Templates = {
  'foreign-script': (a) => `${a.scripts} text in ${a.target} prose: "${a.text}"`,
  'latin-in-prose': (a) =>
    `English word in ${a.target} prose: "${a.text}" (fine for technical terms; consider \`${a.text}\`)`,
  'native-in-code': (a) =>
    `${a.scripts} characters in Python code outside strings and comments: "${a.text}" — Python needs ASCII here`,
};

const my: Templates = {
  'foreign-script': (a) => `${a.target} စာသားထဲတွင် ${a.scripts} စာ ပါနေသည် - "${a.text}"`,
  'latin-in-prose': (a) => `${a.target} စာသားထဲတွင် အင်္ဂလိပ်စကားလုံး - "${a.text}" (နည်းပညာဝေါဟာရဖြစ်လျှင် ရပါသည်)`,
  'native-in-code': (a) =>
    `Python ကုဒ်ထဲတွင် (စာကြောင်းနှင့် မှတ်ချက်အပြင်ဘက်) ${a.scripts} စာလုံး ပါနေသည် - "${a.text}"။ ဤနေရာတွင် ASCII သာ သုံးရပါမည်`,
};

const bn: Templates = {
  'foreign-script': (a) => `${a.target} লেখার মধ্যে ${a.scripts} লেখা: "${a.text}"`,
  'latin-in-prose': (a) => `${a.target} লেখার মধ্যে ইংরেজি শব্দ: "${a.text}" (প্রযুক্তিগত শব্দ হলে ঠিক আছে)`,
  'native-in-code': (a) =>
    `Python কোডে (স্ট্রিং ও মন্তব্যের বাইরে) ${a.scripts} অক্ষর: "${a.text}" — এখানে শুধু ASCII চলে`,
};

const TEMPLATES: Record<UiLanguage, Templates> = { en, my, bn };

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
